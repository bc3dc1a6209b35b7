/**
 * SodaCL `anomaly detection for <metric>` (Soda's syntax): an aggregate check over windows whose
 * value is judged against the metric's history with day-of-week seasonality (anomalies/), instead
 * of a fixed threshold. Soda's `alert_directionality` is read; Prophet's model and training
 * parameters do not apply and are reported as not evaluated; Atlas keys: `sensitivity`,
 * `seasonality`, `minimum history`, `level`, `window`. `filter:` (and a section's dataset filter)
 * narrows the records measured; `group by: <column>` (`group limit`, default 100) makes each value
 * of the column its own series, judged against its own history (a segment of the window store).
 */

import { anomalyRuleOf, AnomalyRuleError, type AnomalyRuleOptions } from '../../anomalies/anomaly-rule';
import { AGGREGATE_CHECK_TYPE } from '../../checks/check-model';
import { AGGREGATE_METRICS, FAILED_ROWS_METRICS, type AggregateMetric, type AggregateParameters, type ValidityRule } from '../../windows/aggregate-check';
import type { Compiled } from '../odcs-property-rules';
import { columnOf, DIMENSIONS, quantileOf, scalarList, SodaclCheckError, UnsupportedError, VALIDITY_KEYS, validityRulesOf, windowOf } from './sodacl-checks';
import type { SodaclCheckSource } from './sodacl-document';
import { parseCheckLine } from './sodacl-expression';
import { scopeOptionsOf } from './sodacl-scope';

const ANOMALY_HEADER = /^anomaly detection for\s+(.+)$/i;
const DIRECTIONS: Record<string, AnomalyRuleOptions['direction']> = { upper_and_lower_bounds: 'both', upper_bound_only: 'upper', lower_bound_only: 'lower' };
/** Prophet's tuning in Soda: no meaning for Atlas' detector (a seasonal median and MAD). */
const PROPHET_KEYS = ['severity_level_parameters', 'training_dataset_parameters', 'model', 'take_over_existing_anomaly_score_check'];
const ATLAS_KEYS: Record<string, keyof AnomalyRuleOptions> = { sensitivity: 'sensitivity', seasonality: 'seasonality', 'minimum history': 'minimumHistory', level: 'level' };
const KEYS = new Set(['name', 'identity', 'attributes', 'window', 'missing values', 'alert_directionality', 'filter', 'group by', 'group limit', ...VALIDITY_KEYS, ...PROPHET_KEYS, ...Object.keys(ATLAS_KEYS)]);

export function isSodaclAnomalyCheck(check: SodaclCheckSource): boolean {
  return ANOMALY_HEADER.test(check.header.trim());
}

/** The Atlas check of `anomaly detection for <metric>`; a SodaclCheckError when it is wrong. */
export function compileSodaclAnomaly(check: SodaclCheckSource): Compiled {
  const compiled: Compiled = { checks: [], notEvaluated: [] };
  const line = parseCheckLine(ANOMALY_HEADER.exec(check.header.trim())![1]);
  const { metric } = line;
  if (line.comparison !== undefined) throw new SodaclCheckError('takes a metric without a comparison: the history sets the band');
  if (metric === 'duplicate_count' || metric === 'duplicate_percent') {
    compiled.notEvaluated.push({ path: check.path, line: check.line, element: 'sodacl.anomaly', reason: 'duplicates are counted per run, not per window: anomaly detection on them is not evaluated' });
    return compiled;
  }
  const followed = AGGREGATE_METRICS.filter((candidate) => !FAILED_ROWS_METRICS.has(candidate));
  if (!(followed as readonly string[]).includes(metric)) throw new SodaclCheckError(`"${metric}" is not a metric anomaly detection can follow (${followed.join(', ')})`);
  for (const key of Object.keys(check.config)) if (!KEYS.has(key)) throw new SodaclCheckError(`"${key}" is not a configuration key of an anomaly detection check`);
  for (const key of PROPHET_KEYS.filter((candidate) => check.config[candidate] !== undefined)) {
    compiled.notEvaluated.push({ path: check.path, line: check.line, element: `sodacl.anomaly.${key}`, reason: `${key} tunes Soda's Prophet model; Atlas judges by a seasonal median and the median absolute deviation, so it does not apply` });
  }
  const options: AnomalyRuleOptions = {};
  for (const [key, option] of Object.entries(ATLAS_KEYS)) if (check.config[key] !== undefined) options[option] = check.config[key];
  const directionality = check.config.alert_directionality;
  if (directionality !== undefined) {
    if (typeof directionality !== 'string' || !DIRECTIONS[directionality]) throw new SodaclCheckError(`alert_directionality must be one of ${Object.keys(DIRECTIONS).join(', ')}`);
    options.direction = DIRECTIONS[directionality];
  }
  let rule;
  try {
    rule = anomalyRuleOf(options);
  } catch (error) {
    if (!(error instanceof AnomalyRuleError)) throw error;
    const key = Object.entries(ATLAS_KEYS).find(([, option]) => option === error.key)?.[0] ?? 'alert_directionality';
    throw new SodaclCheckError(`${key} ${error.message}`);
  }
  const isInvalid = metric === 'invalid_count' || metric === 'invalid_percent';
  let validity: ValidityRule[] = [];
  if (isInvalid) {
    try {
      validity = validityRulesOf(check.config);
    } catch (error) {
      if (!(error instanceof UnsupportedError)) throw error;
      compiled.notEvaluated.push({ path: check.path, line: check.line, element: 'sodacl.anomaly', reason: error.message });
      return compiled;
    }
    if (validity.length === 0) throw new SodaclCheckError(`${metric} needs a validity: valid format, valid values, valid regex, valid min/max or valid (min/max) length`);
  } else if (VALIDITY_KEYS.some((key) => check.config[key] !== undefined)) {
    throw new SodaclCheckError(`validity keys apply to invalid_count and invalid_percent, not ${metric}`);
  }
  const aggregateMetric = metric as AggregateMetric;
  const parameters: AggregateParameters = {
    metric: aggregateMetric,
    window: windowOf(check.config.window),
    thresholds: { anomaly: rule },
    missingValues: check.config['missing values'] === undefined ? [] : scalarList(check.config['missing values'], 'missing values'),
    validity,
    ...(metric === 'percentile' ? { quantile: quantileOf(line.arguments[1]) } : {}),
    ...scopeOptionsOf(check.config),
  };
  const name = typeof check.config.name === 'string' ? check.config.name : check.header;
  const ruleId = typeof check.config.identity === 'string' ? check.config.identity : undefined;
  compiled.checks.push({
    name,
    origin: check.path,
    ...(ruleId ? { ruleId } : {}),
    type: AGGREGATE_CHECK_TYPE,
    field: columnOf(metric, line.arguments),
    level: rule.level,
    parameters: parameters as unknown as Record<string, unknown>,
    idSuffix: `${metric}.anomaly`,
    dimension: DIMENSIONS[aggregateMetric],
  });
  return compiled;
}
