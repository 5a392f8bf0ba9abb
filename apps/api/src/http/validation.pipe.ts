// DTO validation: bodies must be JSON objects; unknown fields, missing fields and wrong types are
// 400 with `errors[]` naming each field by its path (`grants[0].scopes.sellerCenterRoles`).
import { type ArgumentMetadata, Injectable, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from '#libs/domain';
import { badRequest } from './problem.js';

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

const isPlainObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);

@Injectable()
export class RequestValidationPipe extends ValidationPipe {
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

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      if (value === undefined || value === null || value === '') value = {};
      else if (!isPlainObject(value)) throw badRequest('the body must be a JSON object', [{ field: '', message: 'expected a JSON object' }]);
    }
    if (metadata.type === 'query' && value === undefined) value = {};
    return super.transform(value, metadata);
  }
}
