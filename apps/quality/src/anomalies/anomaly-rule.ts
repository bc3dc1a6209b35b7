/**
 * What a contract says about anomaly detection on one metric's history (SodaCL `anomaly detection
 * for <metric>`, ODCS Atlas rule `anomalyDetection`): one shape, checked here for both formats.
 */

import type { CheckLevel } from '../checks/check-model';

export type AnomalySeasonality = 'day_of_week' | 'none';
/** Which side of the band counts: both, only values above it, only values below it. */
export type AnomalyDirection = 'both' | 'upper' | 'lower';

export interface AnomalyRule {
  /** `fail` (default) or `warn`: the outcome of a window whose value is anomalous. */
  level: CheckLevel;
  /** The robust z-score beyond which a value is anomalous (default 3.5, Iglewicz and Hoaglin's cut-off). */
  sensitivity: number;
  /** `day_of_week` (default): a value is compared with the same UTC weekday; `none`: with the latest values. */
  seasonality: AnomalySeasonality;
  /** Earlier values of the series needed before a value is judged (default 14: two weeks of daily runs). */
  minimumHistory: number;
  direction: AnomalyDirection;
}

/** The newest values of a series read to judge a new one: the history is bounded, the work linear in it. */
export const MAX_ANOMALY_HISTORY = 500;
export const MIN_ANOMALY_HISTORY = 10;
export const DEFAULT_ANOMALY_RULE: AnomalyRule = { level: 'fail', sensitivity: 3.5, seasonality: 'day_of_week', minimumHistory: 14, direction: 'both' };

/** A wrong option: `key` names it (the caller turns it into its format's path). */
export class AnomalyRuleError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AnomalyRuleOptions {
  level?: unknown;
  sensitivity?: unknown;
  seasonality?: unknown;
  minimumHistory?: unknown;
  direction?: unknown;
}

/** The rule from its options (absent ones take the defaults); an AnomalyRuleError naming the first wrong one. */
export function anomalyRuleOf(options: AnomalyRuleOptions): AnomalyRule {
  const rule = { ...DEFAULT_ANOMALY_RULE };
  if (options.level !== undefined) {
    if (options.level !== 'fail' && options.level !== 'warn') throw new AnomalyRuleError('level', 'must be fail or warn');
    rule.level = options.level;
  }
  if (options.sensitivity !== undefined) {
    if (typeof options.sensitivity !== 'number' || !(options.sensitivity >= 1 && options.sensitivity <= 20)) throw new AnomalyRuleError('sensitivity', 'must be a number from 1 to 20 (the robust z-score beyond which a value is anomalous)');
    rule.sensitivity = options.sensitivity;
  }
  if (options.seasonality !== undefined) {
    const seasonality = typeof options.seasonality === 'string' ? options.seasonality.trim().replace(/[\s-]+/g, '_').toLowerCase() : undefined;
    if (seasonality !== 'day_of_week' && seasonality !== 'none') throw new AnomalyRuleError('seasonality', 'must be day_of_week or none');
    rule.seasonality = seasonality;
  }
  if (options.minimumHistory !== undefined) {
    const history = options.minimumHistory;
    if (typeof history !== 'number' || !Number.isInteger(history) || history < MIN_ANOMALY_HISTORY || history > MAX_ANOMALY_HISTORY) {
      throw new AnomalyRuleError('minimumHistory', `must be a whole number from ${MIN_ANOMALY_HISTORY} to ${MAX_ANOMALY_HISTORY}`);
    }
    rule.minimumHistory = history;
  }
  if (options.direction !== undefined) {
    if (options.direction !== 'both' && options.direction !== 'upper' && options.direction !== 'lower') throw new AnomalyRuleError('direction', 'must be both, upper or lower');
    rule.direction = options.direction;
  }
  return rule;
}
