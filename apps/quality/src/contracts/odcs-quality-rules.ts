import { AGGREGATE_CHECK_TYPE, type CheckLevel } from '../checks/check-model';
import type { AggregateParameters, Scalar } from '../windows/aggregate-check';
import { dimensionFromOdcs } from '../checks/quality-dimension';
import { compileAtlasRule, isAtlasRule } from './odcs-atlas-rules';
import type { OdcsQuality } from './odcs-document';
import type { Compiled, PendingCheck } from './odcs-property-rules';
import { thresholdOf } from '../checks/threshold';

const WARNING_SEVERITIES = new Set(['info', 'warning', 'warn', 'minor', 'low']);
const WINDOW_REASON = 'spans many records; Atlas evaluates only rowCount and duplicateValues over runs yet';

/** ODCS severity is free text: informational words warn, anything else (error, critical, none given) fails. */
export function levelOf(severity: string | undefined): CheckLevel {
  return severity !== undefined && WARNING_SEVERITIES.has(severity.toLowerCase()) ? 'warn' : 'fail';
}

/**
 * Whether a threshold on a count of bad records tolerates none: then each bad record breaks it,
 * and the rule can be enforced per record. Any other threshold is a statement about a window.
 */
function toleratesNone(rule: OdcsQuality): boolean {
  if (rule.mustBe === 0) return true;
  if (rule.mustBeLessOrEqualTo === 0) return true;
  return rule.mustBeLessThan !== undefined && rule.mustBeLessThan > 0 && rule.mustBeLessThan <= 1 && rule.unit !== 'percent';
}

/** A property's `quality` rule: zero-tolerance library metrics become per-record checks; the rest is reported. */
export function compilePropertyQuality(rule: OdcsQuality, field: string[], pointer: string): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const type = rule.type ?? 'library';
  const metric = rule.metric ?? rule.rule;
  const fieldName = field.join('.');
  if (isAtlasRule(rule)) return compileAtlasRule(rule, field, pointer, levelOf(rule.severity));
  if (type !== 'library' || !metric) {
    const element = type === 'custom' ? `quality.custom${rule.engine ? `(${rule.engine})` : ''}` : `quality.${type}`;
    const reasons: Record<string, string> = {
      text: 'a text rule is written for people; there is nothing to run',
      sql: 'a SQL rule queries a table; Atlas checks records in a stream',
      custom: `rules for another engine${rule.engine ? ` (${rule.engine})` : ''} are not run by Atlas`,
    };
    compiled.notEvaluated.push({ path: pointer, element, reason: reasons[type] ?? `quality type "${type}" is unknown` });
    return compiled;
  }
  const element = `quality.${metric}`;
  if (metric === 'duplicateValues' || metric === 'rowCount') {
    const columns = metric === 'duplicateValues' ? duplicateColumnsOf(rule, field) : [];
    const runCheck = runCheckOf(rule, metric, columns, field, pointer);
    if (typeof runCheck === 'string') compiled.notEvaluated.push({ path: pointer, element, reason: runCheck });
    else compiled.checks.push(runCheck);
    return compiled;
  }
  if (!toleratesNone(rule)) {
    const aggregate = aggregateCheckOf(rule, metric, field, pointer);
    if (typeof aggregate === 'string') compiled.notEvaluated.push({ path: pointer, element, reason: aggregate });
    else compiled.checks.push(aggregate);
    return compiled;
  }
  const level = levelOf(rule.severity);
  const dimension = dimensionFromOdcs(rule.dimension);
  const base = { field, level, origin: pointer, idSuffix: metric, ...(rule.id ? { ruleId: rule.id } : {}), ...(dimension ? { dimension } : {}) };
  const args = rule.arguments ?? {};
  if (metric === 'nullValues') {
    compiled.checks.push({ ...base, name: rule.name ?? `${fieldName} has no null values`, type: 'not_null', parameters: { missingValues: [] } });
  } else if (metric === 'missingValues') {
    const missingValues = Array.isArray(args.missingValues) ? args.missingValues : [null, ''];
    compiled.checks.push({ ...base, name: rule.name ?? `${fieldName} has no missing values`, type: 'not_null', parameters: { missingValues } });
  } else if (metric === 'invalidValues') {
    if (args.validValues !== undefined) compiled.checks.push({ ...base, name: rule.name ?? `${fieldName} has only valid values`, type: 'allowed_values', parameters: { values: args.validValues } });
    if (args.pattern !== undefined) compiled.checks.push({ ...base, name: rule.name ?? `${fieldName} matches ${String(args.pattern)}`, type: 'pattern', parameters: { pattern: args.pattern } });
    if (args.validValues === undefined && args.pattern === undefined) compiled.notEvaluated.push({ path: pointer, element, reason: 'invalidValues needs arguments.validValues or arguments.pattern' });
  } else {
    compiled.notEvaluated.push({ path: pointer, element, reason: `metric "${metric}" is unknown` });
  }
  return compiled;
}

/**
 * A threshold that tolerates some bad records is a statement about many records: an aggregate check
 * over each run (windows/aggregate-check.ts), counting or in percent of the run's rows.
 */
function aggregateCheckOf(rule: OdcsQuality, metric: string, field: string[], pointer: string): PendingCheck | string {
  const threshold = thresholdOf(rule as Record<string, unknown>);
  if (!threshold) return 'it has no numeric threshold (mustBe, mustBeLessThan, mustBeBetween ...) to compare with';
  const args = rule.arguments ?? {};
  const suffix = rule.unit === 'percent' ? 'percent' : 'count';
  const level = levelOf(rule.severity);
  const dimension = dimensionFromOdcs(rule.dimension);
  const fieldName = field.join('.');
  let parameters: AggregateParameters;
  if (metric === 'nullValues' || metric === 'missingValues') {
    const missingValues = metric === 'missingValues' ? (Array.isArray(args.missingValues) ? args.missingValues : [null, '']) : [];
    parameters = { metric: `missing_${suffix}`, window: { kind: 'run' }, thresholds: { [level]: threshold }, missingValues: (missingValues as Scalar[]).filter((value) => value !== null), validity: [] };
  } else if (metric === 'invalidValues') {
    const validity = [
      ...(args.validValues !== undefined ? [{ type: 'allowed_values', parameters: { values: args.validValues } }] : []),
      ...(args.pattern !== undefined ? [{ type: 'pattern', parameters: { pattern: args.pattern } }] : []),
    ];
    if (validity.length === 0) return 'invalidValues needs arguments.validValues or arguments.pattern';
    parameters = { metric: `invalid_${suffix}`, window: { kind: 'run' }, thresholds: { [level]: threshold }, missingValues: [], validity };
  } else {
    return `metric "${metric}" is unknown`;
  }
  return {
    name: rule.name ?? `${fieldName} ${metric} per run`,
    type: AGGREGATE_CHECK_TYPE,
    field,
    level,
    parameters: parameters as unknown as Record<string, unknown>,
    origin: pointer,
    idSuffix: metric,
    ...(rule.id ? { ruleId: rule.id } : {}),
    dimension: dimension ?? (metric === 'invalidValues' ? 'validity' : 'completeness'),
  };
}

/** The columns of a duplicateValues rule: its property, or `arguments.properties` on a schema object. */
function duplicateColumnsOf(rule: OdcsQuality, field: string[]): string[][] {
  if (field.length > 0) return [field];
  const properties = rule.arguments?.properties;
  return Array.isArray(properties) && properties.length > 0 && properties.every((name) => typeof name === 'string' && name.length > 0) ? properties.map((name: string) => name.split('.')) : [];
}

/** rowCount and duplicateValues are run checks: counted over each run's records, state kept in PostgreSQL. */
function runCheckOf(rule: OdcsQuality, metric: string, columns: string[][], field: string[], pointer: string): PendingCheck | string {
  const threshold = thresholdOf(rule as Record<string, unknown>);
  if (!threshold) return 'it has no numeric threshold (mustBe, mustBeGreaterThan, mustBeBetween ...) to compare with';
  const unit = rule.unit === 'percent' ? 'percent' : 'rows';
  const dimension = dimensionFromOdcs(rule.dimension);
  const base = { level: levelOf(rule.severity), origin: pointer, idSuffix: metric, ...(rule.id ? { ruleId: rule.id } : {}), ...(dimension ? { dimension } : {}) };
  if (metric === 'rowCount') {
    if (unit === 'percent') return 'a row count in percent means nothing';
    return { ...base, field, name: rule.name ?? 'row count per run', type: 'row_count', parameters: { threshold } };
  }
  if (columns.length === 0) return 'duplicateValues on a schema object needs arguments.properties (the columns)';
  const names = columns.map((column) => column.join('.')).join(', ');
  return { ...base, field, name: rule.name ?? `duplicate ${names} per run`, type: 'duplicates', parameters: { columns, threshold, unit } };
}

/** A schema object's `quality` rule: the library metrics there (rowCount, duplicateValues) are run checks. */
export function compileSchemaQuality(rule: OdcsQuality, pointer: string): Compiled {
  const type = rule.type ?? 'library';
  const metric = rule.metric ?? rule.rule;
  if (type === 'library' && metric && metric !== 'rowCount' && metric !== 'duplicateValues') return { checks: [], notEvaluated: [{ path: pointer, element: `quality.${metric}`, reason: WINDOW_REASON }] };
  return compilePropertyQuality(rule, [], pointer);
}
