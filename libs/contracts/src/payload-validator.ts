import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export type ValidationResult<T> = { valid: true; value: T } | { valid: false; reason: string };

/** Validates a payload consumed from Kafka; compiled once per schema, then cheap per message. */
export interface PayloadValidator<T> {
  validate(value: unknown): ValidationResult<T>;
}

// One Ajv instance shares compiled sub-schemas between every contract of the process.
export const contractAjv = addFormats(new Ajv2020({ allErrors: true, strict: false }));

export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return 'invalid payload';
  return errors
    .slice(0, 5)
    .map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
    .join('; ');
}

export function createPayloadValidator<T>(schema: object): PayloadValidator<T> {
  const compiled: ValidateFunction = contractAjv.compile(schema);
  return {
    validate(value: unknown): ValidationResult<T> {
      return compiled(value)
        ? { valid: true, value: value as T }
        : { valid: false, reason: describeErrors(compiled.errors) };
    },
  };
}
