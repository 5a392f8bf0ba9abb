// DTO validation: bodies must be JSON objects; unknown fields, missing fields and wrong types are
// 400 with `errors[]` naming each field by its path (`grants[0].scopes.sellerCenterRoles`), and so
// is a field sent as null.
import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import type { FieldError } from '#libs/domain';
import { badRequest } from '#libs/shell';
import { FastValidator, fastPathApplies } from './fast-validation.js';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Fields sent as JSON null, by path. The contract has no nullable field: an optional one is
 * left out, never null (class-validator's IsOptional would let null through as "absent").
 */
export function nullFieldsOf(value: unknown, parent = ''): FieldError[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) =>
      item === null ? [{ field: `${parent}[${i}]`, message: `${parent}[${i}] may not be null` }] : nullFieldsOf(item, `${parent}[${i}]`),
    );
  if (!isPlainObject(value)) return [];
  return Object.entries(value as object).flatMap(([key, item]) => {
    const field = parent ? `${parent}.${key}` : key;
    return item === null ? [{ field, message: `${field} may not be null: leave it out instead` }] : nullFieldsOf(item, field);
  });
}

@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  /** Compiled checks that answer "valid" without class-validator's executor; every error still comes from class-validator. */
  private fast: FastValidator | undefined = new FastValidator();

  /** The same pipe validating through class-validator alone (the reference the fast path is tested against). */
  static withoutFastPath(): RequestValidationPipe {
    const pipe = new RequestValidationPipe();
    pipe.fast = undefined;
    return pipe;
  }

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const fields = flattenValidationErrors(errors);
        return badRequest(fields.map((f) => f.message).join('; ') || 'the request is invalid', fields);
      },
    });
  }

  protected override validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> | ValidationError[] {
    if (this.fast && fastPathApplies(validatorOptions) && this.fast.valid(object)) return [];
    return super.validate(object, validatorOptions);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === undefined || value === null || value === '') value = {};
      else if (!isPlainObject(value)) throw badRequest('the body must be a JSON object', [{ field: '', message: 'expected a JSON object' }]);
    }
    if (metadata.type === 'query' && value === undefined) value = {};
    const valid = await super.transform(value, metadata);
    // After the field rules, which name a field of the wrong shape (`{"$ne": null}`) as itself.
    const nulls = metadata.type === 'body' ? nullFieldsOf(value) : [];
    if (nulls.length) throw badRequest(nulls.map((f) => f.message).join('; '), nulls);
    return valid;
  }
}
