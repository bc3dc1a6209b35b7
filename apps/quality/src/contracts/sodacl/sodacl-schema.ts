import type { Compiled } from '../odcs-property-rules';
import type { SodaclCheckSource } from './sodacl-document';

/** A problem of a schema check (the contract is refused). */
export class SodaclSchemaError extends Error {}

const NOT_EVALUATED: Record<string, string> = {
  'when wrong column index': 'a JSON record has no column order; column indexes are not evaluated',
  'when schema changes': 'schema changes against history are not evaluated yet',
};

function names(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((name) => typeof name === 'string' && name.length > 0)) throw new SodaclSchemaError(`${key} must be a list of column names`);
  return value as string[];
}

/**
 * A SodaCL schema check as per-record checks of the record's keys, at the level of the block it is
 * in: required columns → `required_keys` on the record, forbidden columns (`*` wildcards) →
 * `forbidden_keys`, wrong column type → `logical_type` of each column (SQL type names read as JSON
 * types; an absent column is left to the required-columns condition, like Soda).
 */
export function compileSchemaCheck(check: SodaclCheckSource, logicalTypeOf: (sqlType: string) => string | undefined): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const name = typeof check.config.name === 'string' ? check.config.name : undefined;
  for (const key of Object.keys(check.config)) {
    if (!['name', 'warn', 'fail', 'attributes', 'identity'].includes(key)) throw new SodaclSchemaError(`"${key}" is not a configuration key of a schema check (name, warn, fail)`);
  }
  if (check.config.warn === undefined && check.config.fail === undefined) throw new SodaclSchemaError('a schema check needs warn and/or fail conditions');
  for (const level of ['fail', 'warn'] as const) {
    const block = check.config[level];
    if (block === undefined) continue;
    if (typeof block !== 'object' || block === null || Array.isArray(block)) throw new SodaclSchemaError(`${level} must hold schema conditions ("when required column missing: [...]" ...)`);
    for (const [condition, value] of Object.entries(block as Record<string, unknown>)) {
      const base = { field: [] as string[], level, origin: check.path, dimension: 'validity' as const };
      if (condition === 'when required column missing') {
        const keys = names(value, condition);
        compiled.checks.push({ ...base, name: name ?? `required columns present: ${keys.join(', ')}`, type: 'required_keys', parameters: { keys }, idSuffix: `schema.${level}.required`, dimension: 'completeness' });
      } else if (condition === 'when forbidden column present') {
        const patterns = names(value, condition);
        compiled.checks.push({ ...base, name: name ?? `no forbidden column: ${patterns.join(', ')}`, type: 'forbidden_keys', parameters: { patterns }, idSuffix: `schema.${level}.forbidden` });
      } else if (condition === 'when wrong column type') {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SodaclSchemaError(`${condition} must map column names to types`);
        for (const [column, sqlType] of Object.entries(value as Record<string, unknown>)) {
          const logicalType = typeof sqlType === 'string' ? logicalTypeOf(sqlType) : undefined;
          if (!logicalType) {
            compiled.notEvaluated.push({ path: `${check.path}/${level}/${condition}/${column}`, line: check.line, element: 'sodacl.schema', reason: `column type "${String(sqlType)}" has no JSON counterpart Atlas checks` });
            continue;
          }
          compiled.checks.push({ ...base, field: column.split('.'), name: name ?? `${column} is of type ${String(sqlType)}`, type: 'logical_type', parameters: { logicalType }, idSuffix: `schema.${level}.type` });
        }
      } else if (NOT_EVALUATED[condition]) {
        compiled.notEvaluated.push({ path: `${check.path}/${level}/${condition}`, line: check.line, element: 'sodacl.schema', reason: NOT_EVALUATED[condition] });
      } else {
        throw new SodaclSchemaError(`"${condition}" is not a schema condition (when required column missing, when forbidden column present, when wrong column type ...)`);
      }
    }
  }
  return compiled;
}
