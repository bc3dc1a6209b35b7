/**
 * One SodaCL check as Atlas checks (the internal model of check-model.ts). Zero-tolerance missing
 * and invalid checks with one level become per-record checks (a bad record is quarantined when the
 * level is fail); every other metric is an aggregate over windows (a run by default); duplicates are
 * the run's stateful duplicates check; a schema check becomes per-record key and type checks.
 */

import { AGGREGATE_CHECK_TYPE, type CheckLevel } from '../../checks/check-model';
import type { QualityDimension } from '../../checks/quality-dimension';
import { thresholdHolds, type Threshold } from '../../checks/threshold';
import { AGGREGATE_METRICS, FAILED_ROWS_METRICS, levelOfThresholds, type AggregateMetric, type AggregateParameters, type Scalar, type ValidityRule, type WindowSpec } from '../../windows/aggregate-check';
import type { Compiled } from '../odcs-property-rules';
import type { SodaclCheckSource } from './sodacl-document';
import { mustHold, mustNotTrigger, parseCheckLine, parseValue, type ThresholdUnit } from './sodacl-expression';
import { logicalTypeOf, SUPPORTED_FORMATS, validityOfFormat } from './sodacl-formats';
import { compileRecordRule, isRecordRule } from './sodacl-record-rules';
import { compileSchemaCheck } from './sodacl-schema';
import { isFiltered } from './sodacl-dataset-filter';
import { compileDistributionCheck, scopeOptionsOf } from './sodacl-scope';

/** SodaCL v3 metrics and checks Atlas recognises but does not run (reported as not evaluated). */
const UNSUPPORTED = new Set([
  'anomaly', 'avg_length', 'change', 'cross', 'failed', 'for', 'freshness_using', 'group', 'max_length', 'min_length',
  'reconciliation', 'reference', 'sum', 'values',
]);
const NOT_EVALUATED_KEYS: Record<string, string> = {
  'missing regex': 'a missing regex is not evaluated yet; only missing values are',
  'missing format': 'a missing format is not evaluated yet; only missing values are',
  'invalid values': 'invalid values (a deny list) are not evaluated yet',
  'invalid regex': 'an invalid regex is not evaluated yet',
  'invalid format': 'an invalid format is not evaluated yet',
  'valid reference data': 'reference data needs a lookup table; not evaluated yet',
};
export const VALIDITY_KEYS = ['valid format', 'valid values', 'valid regex', 'valid min', 'valid max', 'valid length', 'valid min length', 'valid max length'];
const METRIC_KEYS = new Set(['name', 'identity', 'attributes', 'samples limit', 'warn', 'fail', 'window', 'missing values', 'filter', 'group by', 'group limit', ...VALIDITY_KEYS, ...Object.keys(NOT_EVALUATED_KEYS)]);
const MAX_COUNT_WINDOW = 1_000_000_000;
const MIN_TIME_WINDOW_MS = 1000;
const MAX_TIME_WINDOW_MS = 366 * 24 * 3600 * 1000;

/** A problem of one check (the contract is refused), with its path and line. */
export class SodaclCheckError extends Error {}

export const DIMENSIONS: Record<AggregateMetric, QualityDimension> = {
  row_count: 'completeness',
  missing_count: 'completeness',
  missing_percent: 'completeness',
  invalid_count: 'validity',
  invalid_percent: 'validity',
  min: 'validity',
  max: 'validity',
  avg: 'validity',
  freshness: 'timeliness',
  stddev: 'validity',
  stddev_samp: 'validity',
  stddev_pop: 'validity',
  variance: 'validity',
  var_samp: 'validity',
  var_pop: 'validity',
  percentile: 'validity',
  failed_rows: 'consistency',
  failed_rows_percent: 'consistency',
  distribution_difference: 'consistency',
};

function unitOf(metric: string): ThresholdUnit {
  if (metric.endsWith('_percent')) return 'percent';
  return metric === 'freshness' ? 'duration' : 'number';
}

/** The thresholds of a metric check: the check line's comparison (fail), or `warn:`/`fail:` conditions. */
export function thresholdsOf(comparison: string | undefined, config: Record<string, unknown>, unit: ThresholdUnit): AggregateParameters['thresholds'] {
  const hasAlerts = config.warn !== undefined || config.fail !== undefined;
  if (comparison !== undefined && hasAlerts) throw new SodaclCheckError('has both a comparison and warn/fail conditions; give one or the other');
  if (comparison !== undefined) return { fail: mustHold(comparison, unit) };
  if (!hasAlerts) throw new SodaclCheckError('has no threshold: add a comparison ("< 5") or warn/fail conditions ("when > 5")');
  const thresholds: AggregateParameters['thresholds'] = {};
  for (const level of ['fail', 'warn'] as const) {
    const condition = config[level];
    if (condition === undefined) continue;
    if (typeof condition !== 'string') throw new SodaclCheckError(`${level} must be a condition like "when > 5"`);
    thresholds[level] = mustNotTrigger(condition, unit);
  }
  return thresholds;
}

/** A count or percent threshold that holds at zero and breaks at the first bad record (or any positive percent). */
export function toleratesNone(threshold: Threshold, unit: ThresholdUnit): boolean {
  return thresholdHolds(threshold, 0) && !thresholdHolds(threshold, unit === 'percent' ? 1e-9 : 1);
}

/** The Atlas extension `window:` (`run`, `1000 records`, `5m`); a run when absent. */
export function windowOf(value: unknown): WindowSpec {
  if (value === undefined || value === 'run') return { kind: 'run' };
  const records = typeof value === 'number' ? String(value) : typeof value === 'string' ? /^(\d+)\s+(?:records|rows)$/.exec(value.trim())?.[1] : undefined;
  if (records !== undefined && /^\d+$/.test(records)) {
    const size = Number(records);
    if (size < 1 || size > MAX_COUNT_WINDOW) throw new SodaclCheckError(`window: a count window holds 1 to ${MAX_COUNT_WINDOW} records`);
    return { kind: 'count', size };
  }
  if (typeof value !== 'string') throw new SodaclCheckError('window must be "run", "<N> records" or a duration like 5m');
  const sizeMs = parseValue(value, 'duration');
  if (sizeMs < MIN_TIME_WINDOW_MS || sizeMs > MAX_TIME_WINDOW_MS) throw new SodaclCheckError('window: a time window lasts 1s to 366d');
  return { kind: 'time', sizeMs };
}

export function scalarList(value: unknown, key: string): Scalar[] {
  const scalar = (item: unknown) => item === null || ['string', 'number', 'boolean'].includes(typeof item);
  if (!Array.isArray(value) || value.length === 0 || value.length > 10_000 || !value.every(scalar)) throw new SodaclCheckError(`${key} must be a list of 1-10,000 strings, numbers or booleans`);
  return value as Scalar[];
}

function numberOf(value: unknown, key: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new SodaclCheckError(`${key} must be a number`);
  return value;
}

/** The validity configuration of an invalid metric as per-record rules (a value is invalid when one fails). */
export function validityRulesOf(config: Record<string, unknown>): ValidityRule[] {
  const rules: ValidityRule[] = [];
  const format = config['valid format'];
  if (format !== undefined) {
    const rule = typeof format === 'string' ? validityOfFormat(format) : undefined;
    if (!rule) throw new UnsupportedError(`valid format "${String(format)}" is not one Atlas checks (${SUPPORTED_FORMATS.join(', ')})`);
    rules.push(rule);
  }
  if (config['valid values'] !== undefined) rules.push({ type: 'allowed_values', parameters: { values: scalarList(config['valid values'], 'valid values') } });
  if (config['valid regex'] !== undefined) {
    if (typeof config['valid regex'] !== 'string') throw new SodaclCheckError('valid regex must be a regular expression');
    rules.push({ type: 'pattern', parameters: { pattern: config['valid regex'] } });
  }
  if (config['valid min'] !== undefined) rules.push({ type: 'minimum', parameters: { limit: numberOf(config['valid min'], 'valid min') } });
  if (config['valid max'] !== undefined) rules.push({ type: 'maximum', parameters: { limit: numberOf(config['valid max'], 'valid max') } });
  if (config['valid length'] !== undefined) {
    const length = numberOf(config['valid length'], 'valid length');
    rules.push({ type: 'min_length', parameters: { limit: length } }, { type: 'max_length', parameters: { limit: length } });
  }
  if (config['valid min length'] !== undefined) rules.push({ type: 'min_length', parameters: { limit: numberOf(config['valid min length'], 'valid min length') } });
  if (config['valid max length'] !== undefined) rules.push({ type: 'max_length', parameters: { limit: numberOf(config['valid max length'], 'valid max length') } });
  return rules;
}

/** The quantile of `percentile(amount, 0.95)`: 0 to 1. */
export function quantileOf(text: string): number {
  const quantile = /^(?:0(?:\.\d+)?|1(?:\.0*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!(quantile >= 0 && quantile <= 1)) throw new SodaclCheckError(`percentile: "${text.slice(0, 20)}" is not a quantile from 0 to 1 (0.95 for the 95th percentile)`);
  return quantile;
}

/** A valid part of SodaCL that Atlas does not run: the whole check is reported as not evaluated. */
export class UnsupportedError extends Error {}

export function columnOf(metric: string, args: string[]): string[] {
  if (metric === 'row_count') {
    if (args.length > 0) throw new SodaclCheckError('row_count takes no column');
    return [];
  }
  if (metric === 'percentile') {
    if (args.length !== 2) throw new SodaclCheckError('percentile takes a column and a quantile, like percentile(amount, 0.95)');
    return args[0].split('.');
  }
  if (args.length !== 1) throw new SodaclCheckError(`${metric} takes one column, like ${metric}(email)`);
  return args[0].split('.');
}

/** Valid SodaCL forms Atlas does not run: user-defined (SQL) metrics, cross-dataset row counts, `freshness using`. */
function otherFormOf(metric: string, comparison: string | undefined, config: Record<string, unknown>): string | undefined {
  if (Object.keys(config).some((key) => key === `${metric} expression` || key === `${metric} query` || key === `${metric} sql_file`)) return 'user-defined (SQL) metrics are not evaluated by Atlas';
  if (metric === 'row_count' && comparison !== undefined && /^same as\s/i.test(comparison)) return 'cross-dataset row counts are not evaluated by Atlas';
  if (metric === 'freshness' && comparison !== undefined && /^using\s/i.test(comparison)) return 'the "freshness using" form is not evaluated; write freshness(column) < 1d';
  return undefined;
}

/** The Atlas checks of one SodaCL check, or what is not evaluated; a SodaclCheckError / SodaclExpressionError when it is wrong. */
export function compileSodaclCheck(check: SodaclCheckSource): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const notEvaluated = (reason: string, element: string) => compiled.notEvaluated.push({ path: check.path, line: check.line, element, reason });
  const line = parseCheckLine(check.header);
  const { metric, comparison } = line;
  if (metric === 'schema') {
    if (comparison !== undefined || line.arguments.length > 0) throw new SodaclCheckError('a schema check is written "- schema:" with warn/fail conditions');
    return compileSchemaCheck(check, logicalTypeOf);
  }
  if (isRecordRule(line)) return compileRecordRule(check, line);
  if (metric === 'distribution_difference') return compileDistributionCheck(check, line);
  if (UNSUPPORTED.has(metric)) {
    notEvaluated(`SodaCL "${metric}" checks are not evaluated by Atlas`, `sodacl.${metric}`);
    return compiled;
  }
  const otherForm = otherFormOf(metric, comparison, check.config);
  if (otherForm) {
    notEvaluated(otherForm, `sodacl.${metric}`);
    return compiled;
  }
  const isDuplicates = metric === 'duplicate_count' || metric === 'duplicate_percent';
  if (!isDuplicates && (!(AGGREGATE_METRICS as readonly string[]).includes(metric) || FAILED_ROWS_METRICS.has(metric as AggregateMetric))) throw new SodaclCheckError(`"${metric}" is not a SodaCL metric`);
  for (const key of Object.keys(check.config)) if (!METRIC_KEYS.has(key)) throw new SodaclCheckError(`"${key}" is not a configuration key of a ${metric} check`);
  const unsupportedKey = Object.keys(check.config).find((key) => NOT_EVALUATED_KEYS[key] !== undefined);
  const unit = unitOf(metric);
  const thresholds = thresholdsOf(comparison, check.config, unit);
  if (unsupportedKey) {
    notEvaluated(NOT_EVALUATED_KEYS[unsupportedKey], `sodacl.${metric}`);
    return compiled;
  }
  const name = typeof check.config.name === 'string' ? check.config.name : check.header;
  const ruleId = typeof check.config.identity === 'string' ? check.config.identity : undefined;
  const base = { name, origin: check.path, ...(ruleId ? { ruleId } : {}) };
  const scope = scopeOptionsOf(check.config);
  if (isDuplicates) {
    if (isFiltered(check) || scope.groupBy) {
      notEvaluated('filter and group by apply to window metrics; duplicates are counted over every record of a run', `sodacl.${metric}`);
      return compiled;
    }
    if (check.config.window !== undefined) throw new SodaclCheckError('duplicates are counted per run (state in PostgreSQL): window does not apply');
    const columns = line.arguments.map((argument) => argument.split('.'));
    if (columns.length === 0) throw new SodaclCheckError(`${metric} takes one or more columns, like ${metric}(order_id)`);
    for (const level of ['fail', 'warn'] as const) {
      const threshold = thresholds[level];
      if (!threshold) continue;
      compiled.checks.push({ ...base, type: 'duplicates', field: columns.length === 1 ? columns[0] : [], level, parameters: { columns, threshold, unit: unit === 'percent' ? 'percent' : 'rows' }, idSuffix: metric, dimension: 'uniqueness' });
    }
    return compiled;
  }
  const aggregateMetric = metric as AggregateMetric;
  const field = columnOf(metric, line.arguments);
  const missingValues = check.config['missing values'] === undefined ? [] : scalarList(check.config['missing values'], 'missing values');
  let validity: ValidityRule[] = [];
  const isInvalid = metric === 'invalid_count' || metric === 'invalid_percent';
  if (isInvalid) {
    try {
      validity = validityRulesOf(check.config);
    } catch (error) {
      if (!(error instanceof UnsupportedError)) throw error;
      notEvaluated(error.message, `sodacl.${metric}`);
      return compiled;
    }
    if (validity.length === 0) throw new SodaclCheckError(`${metric} needs a validity: valid format, valid values, valid regex, valid min/max or valid (min/max) length`);
  } else if (VALIDITY_KEYS.some((key) => check.config[key] !== undefined)) {
    throw new SodaclCheckError(`validity keys apply to invalid_count and invalid_percent, not ${metric}`);
  }
  const window = windowOf(check.config.window);
  const levels = Object.keys(thresholds) as CheckLevel[];
  const single = levels.length === 1 ? thresholds[levels[0]]! : undefined;
  // A filtered (its filter, or its section's dataset filter) or grouped check counts over windows, even at zero tolerance.
  const scoped = isFiltered(check) || scope.groupBy !== undefined;
  const perRecord = (isInvalid || metric === 'missing_count' || metric === 'missing_percent') && single !== undefined && check.config.window === undefined && !scoped && toleratesNone(single, unit);
  if (perRecord) {
    const level = levels[0];
    if (isInvalid) {
      const excluded = missingValues.length > 0 ? { excludedValues: missingValues } : {};
      for (const rule of validity) compiled.checks.push({ ...base, type: rule.type, field, level, parameters: { ...rule.parameters, ...excluded }, idSuffix: metric, dimension: 'validity' });
    } else {
      compiled.checks.push({ ...base, type: 'not_null', field, level, parameters: { missingValues }, idSuffix: metric, dimension: 'completeness' });
    }
    return compiled;
  }
  const parameters: AggregateParameters = { metric: aggregateMetric, window, thresholds, missingValues, validity, ...(metric === 'percentile' ? { quantile: quantileOf(line.arguments[1]) } : {}), ...scope };
  compiled.checks.push({ ...base, type: AGGREGATE_CHECK_TYPE, field, level: levelOfThresholds(thresholds), parameters: parameters as unknown as Record<string, unknown>, idSuffix: metric, dimension: DIMENSIONS[aggregateMetric] });
  return compiled;
}

