import { JsonObject } from '@atlas/ingestion';
import { JsonSchema } from './source-connector';

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/**
 * Infers a flat JSON Schema from sample records: each top-level field with every JSON type seen
 * (an integer field that also holds fractions is a number), required when present in every record.
 * Linear in the sample; nested values are typed, not described.
 */
export function inferSchema(records: readonly JsonObject[]): JsonSchema {
  const typesByField = new Map<string, Set<JsonType>>();
  const presence = new Map<string, number>();
  for (const record of records) {
    for (const [field, value] of Object.entries(record)) {
      const types = typesByField.get(field) ?? new Set<JsonType>();
      types.add(jsonTypeOf(value));
      typesByField.set(field, types);
      presence.set(field, (presence.get(field) ?? 0) + 1);
    }
  }
  const properties: Record<string, JsonSchema> = {};
  for (const [field, types] of typesByField) {
    if (types.has('number')) types.delete('integer');
    const list = [...types].sort();
    properties[field] = { type: list.length === 1 ? list[0] : list };
  }
  const required = [...presence].filter(([, count]) => count === records.length).map(([field]) => field);
  return { type: 'object', properties, required };
}
