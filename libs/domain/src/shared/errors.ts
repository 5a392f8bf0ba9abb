// Typed refusals: the domain says what went wrong; the HTTP shell maps `kind` to a status.
export type DomainErrorKind = 'NotFound' | 'Forbidden' | 'Conflict' | 'Rule' | 'Precondition';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string) => new DomainError('NotFound', code, message);
export const forbidden = (code: string, message: string) => new DomainError('Forbidden', code, message);
export const conflict = (code: string, message: string) => new DomainError('Conflict', code, message);
export const precondition = (code: string, message: string) => new DomainError('Precondition', code, message);
export const ruleBroken = (code: string, message: string, errors: FieldError[] = []) => new DomainError('Rule', code, message, errors);
/** A rule about one field: 422 naming it. */
export const fieldRule = (code: string, field: string, message: string) => new DomainError('Rule', code, message, [{ field, message }]);
