import type { CheckLevel } from '../checks/check-model';
import { thresholdHolds, type Threshold } from '../checks/threshold';

/** Soda's and GX's outcome set; `error` is reserved for checks that could not run. */
export type CheckOutcome = 'pass' | 'warn' | 'fail' | 'error' | 'not_evaluated';

export interface CheckCounts {
  checkType: string;
  level: CheckLevel;
  rowsTested: number;
  rowsFailed: number;
  /** Run checks only; per-record checks tolerate no failing row. */
  threshold: Threshold | null;
  unit: 'rows' | 'percent';
}

export interface EvaluatedOutcome {
  outcome: CheckOutcome;
  /** failedRows for a per-record check, the row count for row_count, the duplicates (rows or percent) for duplicates. */
  metric: 'failedRows' | 'rowCount' | 'duplicateRows' | 'duplicatePercent';
  measuredValue: number;
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
  const failedRowsPercent = counts.rowsTested === 0 ? null : percent(counts.rowsFailed, counts.rowsTested);
  if (counts.checkType === 'row_count' && counts.threshold) {
    const outcome = thresholdHolds(counts.threshold, counts.rowsTested) ? 'pass' : counts.level;
    return { outcome, metric: 'rowCount', measuredValue: counts.rowsTested, failedRowsPercent: null, thresholds: { [counts.level]: { metric: 'rowCount', ...counts.threshold } } };
  }
  if (counts.checkType === 'duplicates' && counts.threshold) {
    const metric = counts.unit === 'percent' ? 'duplicatePercent' : 'duplicateRows';
    const thresholds = { [counts.level]: { metric, ...counts.threshold } };
    if (counts.rowsTested === 0) return { outcome: 'not_evaluated', metric, measuredValue: 0, failedRowsPercent, thresholds };
    const measuredValue = metric === 'duplicatePercent' ? (failedRowsPercent ?? 0) : counts.rowsFailed;
    return { outcome: thresholdHolds(counts.threshold, measuredValue) ? 'pass' : counts.level, metric, measuredValue, failedRowsPercent, thresholds };
  }
  const thresholds = { [counts.level]: { metric: 'failedRows', mustBe: 0 } };
  if (counts.rowsTested === 0) return { outcome: 'not_evaluated', metric: 'failedRows', measuredValue: 0, failedRowsPercent, thresholds };
  return { outcome: counts.rowsFailed === 0 ? 'pass' : counts.level, metric: 'failedRows', measuredValue: counts.rowsFailed, failedRowsPercent, thresholds };
}
