import type { ValidityRule } from '../../windows/aggregate-check';

/**
 * SodaCL `valid format` names (Soda v3 validity metrics) as Atlas per-record checks: the named formats
 * Atlas validates itself (email, uuid, phone, IP addresses) and Soda's text formats as patterns.
 * Formats not listed (money, credit card number, dates in local orders, 12-hour times) are reported
 * as not evaluated.
 */
const FORMATS: Record<string, ValidityRule> = {
  email: { type: 'format', parameters: { format: 'email' } },
  uuid: { type: 'format', parameters: { format: 'uuid' } },
  'phone number': { type: 'format', parameters: { format: 'phone' } },
  'ipv4 address': { type: 'format', parameters: { format: 'ipv4' } },
  'ipv6 address': { type: 'format', parameters: { format: 'ipv6' } },
  integer: { type: 'pattern', parameters: { pattern: '^[-+]?[0-9]+$' } },
  'positive integer': { type: 'pattern', parameters: { pattern: '^\\+?[0-9]+$' } },
  'negative integer': { type: 'pattern', parameters: { pattern: '^-[0-9]+$' } },
  decimal: { type: 'pattern', parameters: { pattern: '^[-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)$' } },
  'positive decimal': { type: 'pattern', parameters: { pattern: '^\\+?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)$' } },
  'negative decimal': { type: 'pattern', parameters: { pattern: '^-(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)$' } },
  percentage: { type: 'pattern', parameters: { pattern: '^[-+]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+) ?%$' } },
  'date iso 8601': { type: 'pattern', parameters: { pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?$' } },
  'time 24h': { type: 'pattern', parameters: { pattern: '^(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?$' } },
};

export function validityOfFormat(name: string): ValidityRule | undefined {
  return FORMATS[name.trim().toLowerCase()];
}

export const SUPPORTED_FORMATS = Object.keys(FORMATS);

/**
 * Soda's column types (SQL names) as the JSON logical types a record's value can have; a type
 * with no JSON counterpart (money, bytea, interval ...) is not evaluated.
 */
const TYPES: Array<[RegExp, string]> = [
  [/^(?:integer|int|int2|int4|int8|bigint|smallint|tinyint)$/, 'integer'],
  [/^(?:numeric|decimal|number|real|float|float4|float8|double|double precision)(?:\(.*\))?$/, 'number'],
  [/^(?:text|string|varchar|character varying|char|character|nvarchar|nchar)(?:\(.*\))?$/, 'string'],
  [/^(?:boolean|bool)$/, 'boolean'],
  [/^date$/, 'date'],
  [/^(?:timestamp|timestamptz|timestamp with time zone|timestamp without time zone|datetime)$/, 'timestamp'],
  [/^(?:json|jsonb|object|struct|map)$/, 'object'],
  [/^(?:array|list)$/, 'array'],
];

export function logicalTypeOf(sqlType: string): string | undefined {
  const normalized = sqlType.trim().toLowerCase().replace(/\s+/g, ' ');
  return TYPES.find(([pattern]) => pattern.test(normalized))?.[1];
}
