import type { CheckDefinition, NotEvaluatedElement } from '../checks/check-model';
import type { OdcsProperty } from './odcs-document';

/** What a contract element turns into: checks, and what Atlas reports as not evaluated. */
/** A check before its id is settled: `ruleId` is the contract's own id, `idSuffix` replaces the type in a generated id. */
export type PendingCheck = Omit<CheckDefinition, 'id'> & { ruleId?: string; idSuffix?: string };

export interface Compiled {
  checks: PendingCheck[];
  notEvaluated: NotEvaluatedElement[];
}

const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z']);
const TEMPORAL = new Set(['date', 'timestamp', 'time']);

/** logicalTypeOptions keys by the check type they become, per logical type. */
const OPTION_CHECKS: Record<string, Record<string, string>> = {
  string: { minLength: 'min_length', maxLength: 'max_length', pattern: 'pattern', format: 'format' },
  integer: { minimum: 'minimum', maximum: 'maximum', exclusiveMinimum: 'exclusive_minimum', exclusiveMaximum: 'exclusive_maximum', multipleOf: 'multiple_of', format: 'number_format' },
  number: { minimum: 'minimum', maximum: 'maximum', exclusiveMinimum: 'exclusive_minimum', exclusiveMaximum: 'exclusive_maximum', multipleOf: 'multiple_of', format: 'number_format' },
  date: { minimum: 'minimum', maximum: 'maximum', exclusiveMinimum: 'exclusive_minimum', exclusiveMaximum: 'exclusive_maximum' },
  timestamp: { minimum: 'minimum', maximum: 'maximum', exclusiveMinimum: 'exclusive_minimum', exclusiveMaximum: 'exclusive_maximum', timezone: 'timezone' },
  time: { minimum: 'minimum', maximum: 'maximum', exclusiveMinimum: 'exclusive_minimum', exclusiveMaximum: 'exclusive_maximum', timezone: 'timezone' },
  object: { required: 'required_keys', minProperties: 'min_properties', maxProperties: 'max_properties' },
  array: { minItems: 'min_items', maxItems: 'max_items', uniqueItems: 'unique_items' },
};

const NAMES: Record<string, (field: string, value: unknown) => string> = {
  min_length: (field, value) => `${field} has at least ${String(value)} characters`,
  max_length: (field, value) => `${field} has at most ${String(value)} characters`,
  pattern: (field, value) => `${field} matches ${String(value)}`,
  format: (field, value) => `${field} is a valid ${String(value)}`,
  minimum: (field, value) => `${field} is at least ${String(value)}`,
  maximum: (field, value) => `${field} is at most ${String(value)}`,
  exclusive_minimum: (field, value) => `${field} is greater than ${String(value)}`,
  exclusive_maximum: (field, value) => `${field} is less than ${String(value)}`,
  multiple_of: (field, value) => `${field} is a multiple of ${String(value)}`,
  number_format: (field, value) => `${field} fits ${String(value)}`,
  timezone: (field, value) => (value ? `${field} states its time zone` : `${field} has no time zone`),
  required_keys: (field, value) => `${field} has ${(value as string[]).join(', ')}`,
  min_properties: (field, value) => `${field} has at least ${String(value)} keys`,
  max_properties: (field, value) => `${field} has at most ${String(value)} keys`,
  min_items: (field, value) => `${field} has at least ${String(value)} items`,
  max_items: (field, value) => `${field} has at most ${String(value)} items`,
  unique_items: (field) => `${field} has no duplicate items`,
};

function parametersOf(type: string, value: unknown, logicalType: string, format: unknown): Record<string, unknown> {
  switch (type) {
    case 'pattern':
      return { pattern: value };
    case 'format':
    case 'number_format':
      return { format: value };
    case 'multiple_of':
      return { divisor: value };
    case 'timezone':
      return { required: value };
    case 'required_keys':
      return { keys: value };
    case 'unique_items':
      return {};
    case 'minimum':
    case 'maximum':
    case 'exclusive_minimum':
    case 'exclusive_maximum':
      return TEMPORAL.has(logicalType) ? { limit: value, logicalType, ...(format !== undefined ? { format } : {}) } : { limit: value };
    default:
      return { limit: value };
  }
}

/** The schema constraints of one property: required, logicalType and its options. */
export function compilePropertyConstraints(property: OdcsProperty, field: string[], pointer: string): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const fieldName = field.join('.');
  const add = (type: string, name: string, parameters: Record<string, unknown>, origin: string) => compiled.checks.push({ name, type, field, level: 'fail', parameters, origin });
  if (property.required === true) add('not_null', `${fieldName} is required`, { missingValues: [''] }, `${pointer}/required`);
  const logicalType = property.logicalType;
  const options = property.logicalTypeOptions ?? {};
  const temporalFormat = logicalType && TEMPORAL.has(logicalType) ? options.format : undefined;
  if (logicalType) {
    add('logical_type', `${fieldName} is ${/^[aeiou]/.test(logicalType) ? 'an' : 'a'} ${logicalType}`, { logicalType, ...(temporalFormat !== undefined ? { format: temporalFormat } : {}) }, `${pointer}/logicalType`);
  }
  const defaultTimezone = options.defaultTimezone;
  const zoneUnsupported = typeof defaultTimezone === 'string' && !UTC_NAMES.has(defaultTimezone);
  for (const [option, value] of Object.entries(options)) {
    const optionPointer = `${pointer}/logicalTypeOptions/${option}`;
    if (option === 'defaultTimezone') continue;
    if (option === 'format' && temporalFormat !== undefined) continue; // part of the logical type check
    const type = logicalType ? OPTION_CHECKS[logicalType]?.[option] : undefined;
    if (!type) {
      compiled.notEvaluated.push({ path: optionPointer, element: `logicalTypeOptions.${option}`, reason: logicalType ? `Atlas does not enforce ${option} on a ${logicalType}` : 'the option has no logicalType to apply to' });
      continue;
    }
    if (type === 'unique_items' && value !== true) continue;
    if (zoneUnsupported && type !== 'timezone') {
      compiled.notEvaluated.push({ path: optionPointer, element: `logicalTypeOptions.${option}`, reason: `values without an offset would be read in ${defaultTimezone}; Atlas reads them only as UTC` });
      continue;
    }
    add(type, NAMES[type](fieldName, value), parametersOf(type, value, logicalType!, temporalFormat), optionPointer);
  }
  // Uniqueness spans records: a run check over the source's stored keys (see results/duplicate-keys.ts).
  if (property.unique === true) compiled.checks.push({ name: `${fieldName} is unique`, type: 'duplicates', field, level: 'fail', parameters: { columns: [field], threshold: { mustBe: 0 }, unit: 'rows' }, origin: `${pointer}/unique`, idSuffix: 'unique' });
  // Top-level primary keys form one check per schema object (odcs-compiler.ts); a nested one cannot.
  if (property.primaryKey === true && field.length > 1) compiled.notEvaluated.push({ path: `${pointer}/primaryKey`, element: 'primaryKey', reason: 'only top-level properties form a primary key Atlas checks' });
  if (property.items !== undefined) compiled.notEvaluated.push({ path: `${pointer}/items`, element: 'items', reason: 'checks on each array item are not evaluated yet' });
  (property.relationships ?? []).forEach((_relationship, index) =>
    compiled.notEvaluated.push({ path: `${pointer}/relationships/${index}`, element: 'relationships', reason: 'relationships are not enforced; a reference check is written type: custom, engine: atlas, implementation: {reference: "table(column)"}' }),
  );
  return compiled;
}
