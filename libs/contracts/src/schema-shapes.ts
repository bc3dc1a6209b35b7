import { Type } from '@sinclair/typebox';

/*
 * Schema shapes that Ajv (every Atlas contract check, createPayloadValidator) checks cheaply on the
 * record path. A Type.Union of literals compiles to anyOf: with allErrors, each branch a value fails
 * builds an error object even when a later branch matches (a Chart record's ten column types cost
 * 1.9 µs more per record). Type.Record(Type.String(), …) compiles to patternProperties, which tests a
 * pattern against every key and books each one. TypeBox's own Value.Check does not know these shapes.
 */

/** One of `values`, checked as a JSON Schema enum. */
export function StringEnum<Value extends string>(values: readonly Value[]) {
  return Type.Unsafe<Value>({ type: 'string', enum: [...values] });
}

/** Any JSON object (not an array, not null), whatever its keys and values. */
export function JsonObject() {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object' });
}
