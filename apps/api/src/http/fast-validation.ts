// A fast path in front of class-validator: the DTOs' decorators stay the declaration, and the same
// constraint objects class-validator registered for them are called, but through a checker
// compiled once per class from its validation metadata instead of class-validator's executor,
// which looks the metadata up again, groups it and builds an error object per property, for every
// nested object of every request (~100 us a grant).
//
// The checker only says "valid" or "not sure": it answers true only when class-validator, with the
// pipe's options, would find no error. Anything else (an error, a constraint it does not model,
// an async one, a value class-validator would treat specially) goes to class-validator itself, so
// that every error answer is class-validator's, unchanged. fast-validation.spec.ts
// checks this against class-validator over random valid and invalid bodies.
import { getMetadataStorage, ValidationTypes, type ValidatorOptions } from 'class-validator';

type Check = (object: object) => boolean;
/** A DTO class as class-validator keys its metadata: by the constructor. */
type ClassRef = { readonly name: string };

interface Constraint {
  validate(value: unknown, args: unknown): unknown;
}

interface Metadata {
  type: string;
  target: ClassRef | string;
  propertyName: string;
  constraints: unknown[];
  constraintCls: ClassRef;
  each?: boolean;
  validateIf?: (object: object, value: unknown) => boolean;
}

interface Storage {
  getTargetValidationMetadatas(target: ClassRef, schema: string | undefined, always: boolean, strictGroups: boolean, groups?: string[]): Metadata[];
  getTargetValidatorConstraints(cls: ClassRef): Array<{ async: boolean; instance: Constraint }>;
}

const MODELLED = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.WHITELIST,
]);
const isArrayLike = (v: unknown): v is unknown[] | Set<unknown> | Map<unknown, unknown> => Array.isArray(v) || v instanceof Set || v instanceof Map;
const itemsOf = (v: unknown[] | Set<unknown> | Map<unknown, unknown>): unknown[] => (Array.isArray(v) ? v : [...v.values()]);
const isPromise = (v: unknown) => v instanceof Promise || (typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function');

/** The options under which a "valid" of the checker is class-validator's "no error". */
export function fastPathApplies(options: ValidatorOptions | undefined): boolean {
  if (!options) return false;
  return options.groups === undefined && !options.always && !options.strictGroups;
}

export class FastValidator {
  private readonly storage = getMetadataStorage() as unknown as Storage;
  /** Per class, per schema name (class-validator looks nested metadata up by the parent class's name too). */
  private readonly checks = new Map<ClassRef, Map<string | undefined, Check | null>>();

  /** True only when class-validator would find no error in `object`. */
  valid(object: unknown): boolean {
    return typeof object === 'object' && object !== null && this.execute(object, undefined);
  }

  private execute(object: object, schema: string | undefined): boolean {
    const check = this.checkOf(object.constructor as unknown as ClassRef, schema);
    return check !== null && check(object);
  }

  private checkOf(cls: ClassRef, schema: string | undefined): Check | null {
    let bySchema = this.checks.get(cls);
    if (!bySchema) this.checks.set(cls, (bySchema = new Map()));
    let check = bySchema.get(schema);
    if (check === undefined) bySchema.set(schema, (check = this.compile(cls, schema)));
    return check;
  }

  private compile(cls: ClassRef, schema: string | undefined): Check | null {
    if (typeof cls !== 'function') return null;
    const metadatas = this.storage.getTargetValidationMetadatas(cls, schema, false, false, undefined);
    // No rule at all: an unknown value to class-validator (forbidUnknownValues).
    if (metadatas.length === 0 || metadatas.some((m) => !MODELLED.has(m.type))) return null;
    const byProperty = new Map<string, Metadata[]>();
    for (const m of metadatas) {
      const list = byProperty.get(m.propertyName);
      if (list) list.push(m);
      else byProperty.set(m.propertyName, [m]);
    }
    const properties: Array<(object: object) => boolean> = [];
    for (const [property, list] of byProperty) {
      const conditions = list
        .filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION)
        .map((m) => m.constraints[0] as (o: object, v: unknown) => boolean);
      const defined = list.filter((m) => m.type === ValidationTypes.IS_DEFINED);
      const customs = list.filter((m) => m.type === ValidationTypes.CUSTOM_VALIDATION);
      const nested = list.filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
      const rules: Array<(object: object, value: unknown) => boolean> = [];
      for (const m of [...defined, ...customs]) {
        const constraints = this.storage.getTargetValidatorConstraints(m.constraintCls);
        if (constraints.some((c) => c.async)) return null;
        const instances = constraints.map((c) => c.instance);
        rules.push((object, value) => {
          if (m.validateIf && !m.validateIf(object, value)) return true;
          const args = {
            targetName: object.constructor ? object.constructor.name : undefined,
            property: m.propertyName,
            object,
            value,
            constraints: m.constraints,
          };
          for (const instance of instances) {
            if (!m.each || !isArrayLike(value)) {
              const result = instance.validate(value, args);
              if (isPromise(result) || !result) return false;
            } else
              for (const item of itemsOf(value)) {
                const result = instance.validate(item, args);
                if (isPromise(result) || !result) return false;
              }
          }
          return true;
        });
      }
      for (const m of nested) {
        const parentSchema = typeof m.target === 'string' ? m.target : m.target.name;
        const nestedValid = (value: unknown): boolean => {
          if (value === undefined) return true;
          if (isArrayLike(value)) return itemsOf(value).every(nestedValid);
          if (value instanceof Object) return this.execute(value, parentSchema);
          return false;
        };
        rules.push((_object, value) => nestedValid(value));
      }
      properties.push((object) => {
        const value = (object as Record<string, unknown>)[property];
        // A promise is something class-validator may await: not modelled.
        if (value instanceof Promise) return false;
        for (const condition of conditions) if (!condition(object, value)) return true;
        for (const rule of rules) if (!rule(object, value)) return false;
        return true;
      });
    }
    return (object) => {
      // forbidNonWhitelisted: a property without any rule is an error.
      for (const key of Object.keys(object)) if (!byProperty.has(key)) return false;
      for (const property of properties) if (!property(object)) return false;
      return true;
    };
  }
}
