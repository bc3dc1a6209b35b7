import type { CheckLevel } from '../checks/check-model';
import { thresholdHolds, type Threshold } from '../checks/threshold';
import { metricOf, type WindowState } from '../windows/aggregate-check';
import type { AggregateThresholds } from './run-results';

/** Soda's and GX's outcome set; `error` is reserved for checks that could not run. */
export type CheckOutcome = 'pass' | 'warn' | 'fail' | 'error' | 'not_evaluated';

export interface CheckCounts {
  checkType: string;
  level: CheckLevel;
  rowsTested: number;
  rowsFailed: number;
  /** Run checks: the ODCS threshold; aggregate checks: metric, window and thresholds; per-record checks tolerate no failing row (null). */
  threshold: Threshold | AggregateThresholds | null;
  unit: 'rows' | 'percent';
  /** Aggregate checks: closed windows by outcome and their merged state. */
  windowsEvaluated?: number;
  windowsWarned?: number;
  windowsFailed?: number;
  closedWindows?: WindowState;
  /** Group-by checks: segment windows by outcome (they count in the worst outcome). */
  segmentWindowsWarned?: number;
  segmentWindowsFailed?: number;
  /** Distribution drift checks: the latest closed window's measured value (a p-value for ks and chi_square, the index for psi). */
  lastDrift?: { value: number | null } | null;
}

export interface EvaluatedOutcome {
  outcome: CheckOutcome;
  /** failedRows for a per-record check, the row count for row_count, the duplicates (rows or percent) for duplicates, the SodaCL metric of an aggregate. */
  metric: string;
  /** An aggregate check's is its metric over all its closed windows (null before one closed with a value). */
  measuredValue: number | null;
  failedRowsPercent: number | null;
  thresholds: Record<string, object>;
}

const percent = (part: number, whole: number) => Math.round((part / whole) * 10_000) / 100;

/**
 * A check's outcome over a run, from its stored counts. Per-record check: metric = failing rows,
 * threshold zero at its level. row_count: metric = records judged, the contract's threshold.
 * duplicates: metric = duplicate rows (or their percent of the rows tested), the contract's threshold.
 * A check that tested no row is not evaluated (a row count is always evaluated).
 */
export function outcomeOf(counts: CheckCounts): EvaluatedOutcome {
  if (counts.checkType === 'aggregate' && counts.threshold && 'metric' in counts.threshold) return aggregateOutcome(counts, counts.threshold);
  const threshold = counts.threshold as Threshold | null;
  const failedRowsPercent = counts.rowsTested === 0 ? null : percent(counts.rowsFailed, counts.rowsTested);
  if (counts.checkType === 'row_count' && threshold) {
    const outcome = thresholdHolds(threshold, counts.rowsTested) ? 'pass' : counts.level;
    return { outcome, metric: 'rowCount', measuredValue: counts.rowsTested, failedRowsPercent: null, thresholds: { [counts.level]: { metric: 'rowCount', ...threshold } } };
  }
  if (counts.checkType === 'duplicates' && threshold) {
    const metric = counts.unit === 'percent' ? 'duplicatePercent' : 'duplicateRows';
    const thresholds = { [counts.level]: { metric, ...threshold } };
    if (counts.rowsTested === 0) return { outcome: 'not_evaluated', metric, measuredValue: 0, failedRowsPercent, thresholds };
    const measuredValue = metric === 'duplicatePercent' ? (failedRowsPercent ?? 0) : counts.rowsFailed;
    return { outcome: thresholdHolds(threshold, measuredValue) ? 'pass' : counts.level, metric, measuredValue, failedRowsPercent, thresholds };
  }
  const thresholds = { [counts.level]: { metric: 'failedRows', mustBe: 0 } };
  if (counts.rowsTested === 0) return { outcome: 'not_evaluated', metric: 'failedRows', measuredValue: 0, failedRowsPercent, thresholds };
  return { outcome: counts.rowsFailed === 0 ? 'pass' : counts.level, metric: 'failedRows', measuredValue: counts.rowsFailed, failedRowsPercent, thresholds };
}

/**
 * An aggregate check over a run: the worst outcome of its closed windows (fail, else warn, else
 * pass); not evaluated while no window closed with a value. Its measured value is the metric over
 * the merged state of its closed windows (the whole run once every window closed: the average of
 * all the run's values, not of the window averages), the same whatever order the windows closed in.
 */
function aggregateOutcome(counts: CheckCounts, aggregate: AggregateThresholds): EvaluatedOutcome {
  const thresholds: Record<string, object> = {};
  // A percentile names its quantile: { metric: 'percentile', quantile: 0.95, mustBeLessThan: 500 }.
  const metric = aggregate.quantile === undefined ? { metric: aggregate.metric } : { metric: aggregate.metric, quantile: aggregate.quantile };
  if (aggregate.fail) thresholds.fail = { ...metric, ...aggregate.fail };
  if (aggregate.warn) thresholds.warn = { ...metric, ...aggregate.warn };
  if (aggregate.anomaly) thresholds[aggregate.anomaly.level] = { ...metric, anomaly: aggregate.anomaly };
  const evaluated = counts.windowsEvaluated ?? 0;
  // A failing segment fails the check over the run, as a failing window does.
  const failed = (counts.windowsFailed ?? 0) + (counts.segmentWindowsFailed ?? 0);
  const warned = (counts.windowsWarned ?? 0) + (counts.segmentWindowsWarned ?? 0);
  const outcome = evaluated === 0 ? 'not_evaluated' : failed > 0 ? 'fail' : warned > 0 ? 'warn' : 'pass';
  // Drift needs a reference: the run's value is its latest window's measured value, not a metric of the merged state.
  const measuredValue =
    evaluated === 0 || !counts.closedWindows ? undefined : aggregate.metric === 'distribution_difference' ? (counts.lastDrift?.value ?? undefined) : metricOf(aggregate.metric, counts.closedWindows, aggregate.quantile);
  return { outcome, metric: aggregate.metric, measuredValue: measuredValue ?? null, failedRowsPercent: null, thresholds };
}
