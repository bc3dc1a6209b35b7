/**
 * Anomaly detection on one metric's history, with day-of-week seasonality: robust, explainable,
 * linear in the history (docs/architecture.md, "Anomaly detection").
 *
 * - Seasonal baseline of a value: the median of the last SEASONAL_POINTS earlier values of its
 *   season (the same UTC weekday; one season for all with seasonality `none`).
 * - Residual of each earlier value: the value minus its own seasonal baseline (values with no earlier
 *   value in their season have none).
 * - Expected value: the new value's baseline plus the median residual (the typical change from a
 *   baseline, so a steady trend is not an anomaly).
 * - Scale: 1.4826 × the median absolute deviation of the residuals (the standard deviation of
 *   normal noise, unmoved by past outliers); when that is 0, 1.2533 × their mean absolute deviation;
 *   at least 1% of |expected| (a perfectly regular series still gets a band), and above 0.
 * - Score: (value − expected) / scale, a robust z-score. Band: expected ± sensitivity × scale.
 *   Anomalous when the score is beyond ± sensitivity (on the rule's side).
 */

import type { AnomalyRule } from './anomaly-rule';

/** Earlier values of the same season the baseline is the median of. */
export const SEASONAL_POINTS = 4;
const MAD_TO_SIGMA = 1.4826;
const MEAN_DEVIATION_TO_SIGMA = 1.2533;
const RELATIVE_SCALE_FLOOR = 0.01;
const ABSOLUTE_SCALE_FLOOR = 1e-9;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;

/** One value of a series: when it was measured (epoch ms) and what. */
export interface SeriesPoint {
  at: number;
  value: number;
}

export interface AnomalyEvaluation {
  /** False when the history cannot judge the value yet (`reason` says why). */
  evaluated: boolean;
  anomalous: boolean;
  value: number;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  /** The robust z-score of the value. */
  score: number | null;
  /** Earlier values of the series read. */
  historyPoints: number;
  /** Earlier values of the same season behind the baseline. */
  seasonalPoints: number;
  reason?: string;
}

/** 0–6 (Sunday first) for day-of-week seasonality; 0 for none. */
function seasonOf(at: number, rule: Pick<AnomalyRule, 'seasonality'>): number {
  // Epoch day 0 (1970-01-01) was a Thursday.
  return rule.seasonality === 'day_of_week' ? (((Math.floor(at / DAY_MS) + 4) % 7) + 7) % 7 : 0;
}

/** The median of a few numbers (sorted in a copy). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of many numbers in linear expected time (quickselect on a copy). */
function largeMedianOf(values: readonly number[]): number {
  const copy = Float64Array.from(values);
  const select = (rank: number): number => {
    let low = 0;
    let high = copy.length - 1;
    while (low < high) {
      const pivot = copy[(low + high) >> 1];
      let left = low;
      let right = high;
      while (left <= right) {
        while (copy[left] < pivot) left++;
        while (copy[right] > pivot) right--;
        if (left <= right) {
          [copy[left], copy[right]] = [copy[right], copy[left]];
          left++;
          right--;
        }
      }
      if (rank <= right) high = right;
      else if (rank >= left) low = left;
      else return copy[rank];
    }
    return copy[rank];
  };
  const middle = copy.length >> 1;
  return copy.length % 2 === 1 ? select(middle) : (select(middle - 1) + select(middle)) / 2;
}

function notEvaluated(value: number, historyPoints: number, seasonalPoints: number, reason: string): AnomalyEvaluation {
  return { evaluated: false, anomalous: false, value, expected: null, lower: null, upper: null, score: null, historyPoints, seasonalPoints, reason };
}

/**
 * Judges `point` against the series' earlier values (`history`, oldest first, at most
 * MAX_ANOMALY_HISTORY of them): O(history × SEASONAL_POINTS).
 */
export function evaluateAnomaly(history: readonly SeriesPoint[], point: SeriesPoint, rule: AnomalyRule): AnomalyEvaluation {
  if (history.length < rule.minimumHistory) return notEvaluated(point.value, history.length, 0, `insufficient history: ${history.length} of ${rule.minimumHistory} points`);
  const recentBySeason = new Map<number, number[]>();
  const residuals: number[] = [];
  for (const earlier of history) {
    const season = seasonOf(earlier.at, rule);
    const recent = recentBySeason.get(season) ?? [];
    if (recent.length > 0) residuals.push(earlier.value - medianOf(recent));
    recent.push(earlier.value);
    if (recent.length > SEASONAL_POINTS) recent.shift();
    recentBySeason.set(season, recent);
  }
  const recent = recentBySeason.get(seasonOf(point.at, rule)) ?? [];
  if (recent.length === 0) {
    return notEvaluated(point.value, history.length, 0, `insufficient history: no earlier value on a ${WEEKDAYS[seasonOf(point.at, rule)]} (day-of-week seasonality)`);
  }
  if (residuals.length === 0) return notEvaluated(point.value, history.length, recent.length, 'insufficient history: no earlier value has a seasonal baseline');
  const typicalChange = largeMedianOf(residuals);
  const expected = medianOf(recent) + typicalChange;
  const deviations = residuals.map((residual) => Math.abs(residual - typicalChange));
  let scale = MAD_TO_SIGMA * largeMedianOf(deviations);
  if (scale === 0) scale = (MEAN_DEVIATION_TO_SIGMA * deviations.reduce((sum, deviation) => sum + deviation, 0)) / deviations.length;
  scale = Math.max(scale, RELATIVE_SCALE_FLOOR * Math.abs(expected), ABSOLUTE_SCALE_FLOOR);
  const score = (point.value - expected) / scale;
  const anomalous = rule.direction === 'upper' ? score > rule.sensitivity : rule.direction === 'lower' ? score < -rule.sensitivity : Math.abs(score) > rule.sensitivity;
  return {
    evaluated: true,
    anomalous,
    value: point.value,
    expected,
    lower: expected - rule.sensitivity * scale,
    upper: expected + rule.sensitivity * scale,
    score,
    historyPoints: history.length,
    seasonalPoints: recent.length,
  };
}
