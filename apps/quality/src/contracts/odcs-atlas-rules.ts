/**
 * ODCS `quality` rules of `type: custom, engine: atlas`: the documented Atlas forms of what the
 * library metrics cannot say (docs/architecture.md, "Atlas rules in ODCS").
 * - `implementation: "<condition>"`: an expression across the record's fields that must hold (checks/expression/).
 * - `implementation: { expression: "<condition>", mustBe…, window? }` (`unit: percent` on the rule): a tolerance on the rows
 *   where it does not hold, per window (a run by default), like SodaCL's failed rows with `fail: when > 5`; no record is quarantined.
 * - `implementation: { reference: "[schema.]table(column)", mustExist?: true }` on a property: its values must be in a reference column;
 *   `{ reference: "table(x, y)", columns: [a, b] }` (schema object or property): the record's (a, b) must be a row of the table's (x, y).
 * - `implementation: { metric: <any window metric but invalid_*>, quantile?, window?, filter?, groupBy?, groupLimit?, mustBe… }`
 *   (row_count on the schema object, the others on a property): an aggregate over windows (a run by default), like SodaCL's
 *   `stddev(amount) < 5`; `metric: distribution_difference` with `distributionType?, method?, referenceWindows?` (odcs-atlas-scope.ts).
 * - `implementation: { metric: <any window metric>, anomalyDetection: true | { sensitivity?, seasonality?, minimumHistory?, direction? }, window?, filter?, groupBy?, groupLimit? }`:
 *   anomaly detection on the metric's history (row_count on the schema object, the others on a property), like SodaCL's
 *   `anomaly detection for avg(amount)`; with groupBy, each value of the column is its own series.
 */

import { AGGREGATE_CHECK_TYPE, type CheckLevel } from '../checks/check-model';
import { dimensionFromOdcs } from '../checks/quality-dimension';
import { MAX_REFERENCE_COLUMNS, referenceColumnsOf } from '../checks/reference/reference-values';
import { thresholdOf } from '../checks/threshold';
import { expressionProblem } from '../checks/types/expression.check';
import { anomalyRuleOf, AnomalyRuleError, type AnomalyRuleOptions } from '../anomalies/anomaly-rule';
import { AGGREGATE_METRICS, FAILED_ROWS_METRICS, type AggregateMetric, type AggregateParameters } from '../windows/aggregate-check';
import { ContractDocumentError, type OdcsQuality } from './odcs-document';
import type { Compiled, PendingCheck } from './odcs-property-rules';
import { atlasDistributionOf, atlasScopeOf, ATLAS_SCOPE_KEYS } from './odcs-atlas-scope';
import { DIMENSIONS, SodaclCheckError, toleratesNone, windowOf } from './sodacl/sodacl-checks';
import { SodaclExpressionError } from './sodacl/sodacl-expression';

const STATISTIC_METRICS: ReadonlySet<string> = new Set(AGGREGATE_METRICS.filter((metric) => !metric.startsWith('invalid_') && !FAILED_ROWS_METRICS.has(metric)));
const REFERENCE = /^\s*([^\s()]+)\s*\(([^()]+)\)\s*$/;
const ANOMALY_METRICS: readonly string[] = AGGREGATE_METRICS.filter((metric) => !metric.startsWith('invalid_') && !FAILED_ROWS_METRICS.has(metric));
const ANOMALY_KEYS = new Set(['sensitivity', 'seasonality', 'minimumHistory', 'direction']);
const IMPLEMENTATION_KEYS = new Set(['expression', 'reference', 'mustExist', 'columns', 'metric', 'quantile', 'window', 'anomalyDetection', 'mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo', 'mustBeBetween', 'mustNotBeBetween', ...ATLAS_SCOPE_KEYS]);

export function isAtlasRule(rule: OdcsQuality & { implementation?: unknown }): boolean {
  return rule.type === 'custom' && typeof rule.engine === 'string' && rule.engine.toLowerCase() === 'atlas';
}

function refuse(path: string, message: string): never {
  throw new ContractDocumentError(`${path} ${message}`, [{ path, message }]);
}

/** The checks of an Atlas rule at its level (from its severity); a ContractDocumentError naming `<pointer>/implementation` when it is wrong. */
export function compileAtlasRule(rule: OdcsQuality & { implementation?: unknown }, field: string[], pointer: string, level: CheckLevel): Compiled {
  const path = `${pointer}/implementation`;
  const { implementation } = rule;
  const dimension = dimensionFromOdcs(rule.dimension);
  const base = { level, origin: pointer, ...(rule.id ? { ruleId: rule.id } : {}), ...(dimension ? { dimension } : {}) };
  if (typeof implementation === 'string') {
    const problem = expressionProblem(implementation);
    if (problem) refuse(path, problem);
    const check: PendingCheck = { ...base, name: rule.name ?? implementation.slice(0, 120), type: 'expression', field: [], parameters: { expression: implementation, mode: 'must_hold' }, idSuffix: 'expression' };
    // On a property, the check is listed there; the condition names fields from the record's top.
    if (field.length > 0) check.idSuffix = `${field.join('.')}.expression`;
    return { checks: [check], notEvaluated: [] };
  }
  if (typeof implementation !== 'object' || implementation === null || Array.isArray(implementation)) refuse(path, 'must be a condition (text) or an object with reference or metric');
  const options = implementation as Record<string, unknown>;
  const unknown = Object.keys(options).find((key) => !IMPLEMENTATION_KEYS.has(key));
  if (unknown !== undefined) refuse(`${path}/${unknown}`, `is not a key of an Atlas rule (${[...IMPLEMENTATION_KEYS].join(', ')})`);
  if (options.anomalyDetection !== undefined) return compileAnomalyRule(rule, options, field, path, base);
  if (options.expression !== undefined || options.reference !== undefined) {
    const scoped = ATLAS_SCOPE_KEYS.find((key) => options[key] !== undefined);
    if (scoped !== undefined) refuse(`${path}/${scoped}`, `applies to metric rules (over windows), not to ${options.expression !== undefined ? 'an expression' : 'a reference check'}`);
  }
  if (options.expression !== undefined) return compileToleratedExpression(rule, options, field, path, base);
  if (options.reference !== undefined) return compileReferenceRule(rule, options, field, path, base);
  if (field.length === 0 && options.metric !== 'row_count') refuse(path, 'a metric rule belongs to a property (the column it reads)');
  if (field.length > 0 && options.metric === 'row_count') refuse(path, 'a row_count rule belongs to the schema object');
  const fieldName = field.join('.');
  if (typeof options.metric !== 'string' || !STATISTIC_METRICS.has(options.metric)) refuse(`${path}/metric`, `must be one of ${[...STATISTIC_METRICS].join(', ')} (or give reference, or a condition as text)`);
  const metric = options.metric as AggregateMetric;
  const threshold = thresholdOf(options) ?? thresholdOf(rule as Record<string, unknown>);
  if (!threshold) refuse(path, 'needs a numeric threshold (mustBeLessThan, mustBeBetween ...)');
  let quantile: number | undefined;
  if (metric === 'percentile') {
    if (typeof options.quantile !== 'number' || !(options.quantile >= 0 && options.quantile <= 1)) refuse(`${path}/quantile`, 'must be a number from 0 to 1 (0.95 for the 95th percentile)');
    quantile = options.quantile;
  }
  const window = windowOption(options.window, path);
  const distribution = atlasDistributionOf(options, path, metric);
  const parameters: AggregateParameters = {
    metric, window, thresholds: { [base.level]: threshold }, missingValues: [], validity: [], ...(quantile !== undefined ? { quantile } : {}), ...(distribution ? { distribution } : {}), ...atlasScopeOf(options, path),
  };
  const label = metric === 'percentile' ? `percentile(${fieldName}, ${quantile})` : metric === 'row_count' ? 'row_count' : `${metric}(${fieldName})`;
  return { checks: [{ ...base, name: rule.name ?? `${label} per ${window.kind === 'run' ? 'run' : 'window'}`, type: AGGREGATE_CHECK_TYPE, field, parameters: parameters as unknown as Record<string, unknown>, idSuffix: metric, dimension: dimension ?? DIMENSIONS[metric] }], notEvaluated: [] };
}

function windowOption(value: unknown, path: string): AggregateParameters['window'] {
  try {
    return windowOf(value);
  } catch (error) {
    if (error instanceof SodaclCheckError || error instanceof SodaclExpressionError) refuse(`${path}/window`, error.message);
    throw error;
  }
}

/** `{metric, anomalyDetection, window?}`: the metric per window, judged against its history; the rule's level from its severity. */
function compileAnomalyRule(rule: OdcsQuality, options: Record<string, unknown>, field: string[], path: string, base: Omit<PendingCheck, 'name' | 'type' | 'field' | 'parameters'>): Compiled {
  const metric = options.metric;
  if (typeof metric !== 'string' || !ANOMALY_METRICS.includes(metric)) refuse(`${path}/metric`, `must be one of ${ANOMALY_METRICS.join(', ')} for anomaly detection`);
  if ((metric === 'row_count') !== (field.length === 0)) refuse(path, metric === 'row_count' ? 'anomaly detection for row_count belongs to the schema object' : `anomaly detection for ${metric} belongs to a property (the column it reads)`);
  const detection = options.anomalyDetection;
  if (detection !== true && (typeof detection !== 'object' || detection === null || Array.isArray(detection))) refuse(`${path}/anomalyDetection`, 'must be true or an object (sensitivity, seasonality, minimumHistory, direction)');
  const settings = detection === true ? {} : (detection as Record<string, unknown>);
  const unknown = Object.keys(settings).find((key) => !ANOMALY_KEYS.has(key));
  if (unknown !== undefined) refuse(`${path}/anomalyDetection/${unknown}`, `is not a key of anomaly detection (${[...ANOMALY_KEYS].join(', ')})`);
  const extra = Object.keys(options).find((key) => !['metric', 'anomalyDetection', 'window', 'quantile', 'filter', 'groupBy', 'groupLimit'].includes(key));
  if (extra !== undefined) refuse(`${path}/${extra}`, 'does not apply to anomaly detection: the history sets the band');
  let anomaly;
  try {
    anomaly = anomalyRuleOf({ ...(settings as AnomalyRuleOptions), level: base.level });
  } catch (error) {
    if (error instanceof AnomalyRuleError) refuse(`${path}/anomalyDetection/${error.key}`, error.message);
    throw error;
  }
  let quantile: number | undefined;
  if (metric === 'percentile') {
    if (typeof options.quantile !== 'number' || !(options.quantile >= 0 && options.quantile <= 1)) refuse(`${path}/quantile`, 'must be a number from 0 to 1 (0.95 for the 95th percentile)');
    quantile = options.quantile;
  }
  const window = windowOption(options.window, path);
  const parameters: AggregateParameters = { metric: metric as AggregateMetric, window, thresholds: { anomaly }, missingValues: [], validity: [], ...(quantile !== undefined ? { quantile } : {}), ...atlasScopeOf(options, path) };
  const label = metric === 'row_count' ? 'row_count' : metric === 'percentile' ? `percentile(${field.join('.')}, ${quantile})` : `${metric}(${field.join('.')})`;
  const dimension = base.dimension ?? (metric === 'row_count' || metric.startsWith('missing') ? 'completeness' : metric === 'freshness' ? 'timeliness' : 'validity');
  return {
    checks: [{ ...base, name: rule.name ?? `anomaly detection for ${label}`, type: AGGREGATE_CHECK_TYPE, field, parameters: parameters as unknown as Record<string, unknown>, idSuffix: `${metric}.anomaly`, dimension }],
    notEvaluated: [],
  };
}

/**
 * `{expression, mustBe…, window?}`: the condition must hold on each row, and the rows where it does
 * not are counted per window (their percent of the rows it could judge with `unit: percent`). A
 * threshold that tolerates none (`mustBe: 0`, `mustBeLessThan: 1`) judges each row on its own, like
 * the text form (a fail-level row is quarantined); any other makes an aggregate check over windows.
 */
function compileToleratedExpression(rule: OdcsQuality, options: Record<string, unknown>, field: string[], path: string, base: Omit<PendingCheck, 'name' | 'type' | 'field' | 'parameters'>): Compiled {
  const expression = options.expression;
  const problem = expressionProblem(expression);
  if (problem) refuse(`${path}/expression`, problem);
  const extra = Object.keys(options).find((key) => ['reference', 'mustExist', 'columns', 'metric', 'quantile'].includes(key));
  if (extra !== undefined) refuse(`${path}/${extra}`, 'does not apply to an expression');
  const threshold = thresholdOf(options);
  if (!threshold) refuse(path, 'needs a numeric threshold on the failing rows (mustBeLessThan, mustBeLessOrEqualTo ...); without one, give the condition as text');
  const percent = typeof rule.unit === 'string' && rule.unit.toLowerCase() === 'percent';
  const text = expression as string;
  const name = rule.name ?? text.slice(0, 120);
  const idSuffix = field.length > 0 ? `${field.join('.')}.expression` : 'expression';
  if (toleratesNone(threshold, percent ? 'percent' : 'number')) {
    if (options.window !== undefined) refuse(`${path}/window`, 'applies to a tolerance; a threshold of no failing row judges each row on its own');
    return { checks: [{ ...base, name, type: 'expression', field: [], parameters: { expression: text, mode: 'must_hold' }, idSuffix }], notEvaluated: [] };
  }
  const parameters: AggregateParameters = {
    metric: percent ? 'failed_rows_percent' : 'failed_rows',
    window: windowOption(options.window, path),
    thresholds: { [base.level]: threshold },
    missingValues: [],
    validity: [{ type: 'expression', parameters: { expression: text, mode: 'must_hold' } }],
  };
  return { checks: [{ ...base, name, type: AGGREGATE_CHECK_TYPE, field: [], parameters: parameters as unknown as Record<string, unknown>, idSuffix, dimension: base.dimension ?? 'consistency' }], notEvaluated: [] };
}

/**
 * `{reference: "[schema.]table(column)", mustExist?}` on a property: its value must be in the column.
 * `{reference: "table(x, y)", columns: ["a", "b"]}` (on the schema object or a property): the record's
 * fields a, b (dotted paths from the record's top) together must be a row of the table's x, y.
 */
function compileReferenceRule(rule: OdcsQuality, options: Record<string, unknown>, field: string[], path: string, base: Omit<PendingCheck, 'name' | 'type' | 'field' | 'parameters'>): Compiled {
  const match = typeof options.reference === 'string' ? REFERENCE.exec(options.reference) : null;
  const targets = match ? match[2].split(',').map((column) => column.trim()) : [];
  if (!match || !referenceColumnsOf(match[1], targets)) refuse(`${path}/reference`, `must be "[schema.]table(column, ...)" with plain names (letters, digits, _), at most ${MAX_REFERENCE_COLUMNS} columns`);
  if (options.mustExist !== undefined && typeof options.mustExist !== 'boolean') refuse(`${path}/mustExist`, 'must be true or false');
  const mustExist = options.mustExist !== false;
  const verb = mustExist ? 'exists' : 'does not exist';
  const table = match[1];
  if (options.columns === undefined) {
    if (field.length === 0) refuse(path, 'a reference on the schema object names the record\'s fields: columns: [a, b]');
    if (targets.length !== 1) refuse(`${path}/columns`, `must name the record's ${targets.length} fields matching ${options.reference as string}`);
    const name = rule.name ?? `${field.join('.')} ${verb} in ${table}(${targets[0]})`;
    return { checks: [{ ...base, name, type: 'reference', field, parameters: { table, column: targets[0], mustExist }, idSuffix: 'reference' }], notEvaluated: [] };
  }
  const columns = options.columns;
  if (!Array.isArray(columns) || columns.length !== targets.length || targets.length < 2 || !columns.every((column) => typeof column === 'string' && column.trim() !== '')) {
    refuse(`${path}/columns`, `must name the record's fields matching the ${targets.length} reference columns, in order (2 to ${MAX_REFERENCE_COLUMNS})`);
  }
  const fields = (columns as string[]).map((column) => column.trim());
  const name = rule.name ?? `(${fields.join(', ')}) ${verb} in ${table}(${targets.join(', ')})`;
  return { checks: [{ ...base, name, type: 'reference', field: [], parameters: { table, columns: targets, fields, mustExist }, idSuffix: `${fields.join('+')}.reference` }], notEvaluated: [] };
}
