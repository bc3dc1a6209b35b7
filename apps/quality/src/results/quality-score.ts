import { QUALITY_DIMENSIONS, type QualityDimension } from '../checks/quality-dimension';
import type { CheckOutcome } from './check-outcome';

/** What the score needs of a check result over a run. */
export interface ScoredCheck {
  checkType: string;
  dimension: string;
  outcome: CheckOutcome;
  rowsTested: number;
  rowsFailed: number;
  /** Aggregate checks: one unit per closed window with a value, passed unless it warned or failed. */
  windowsEvaluated?: number;
  windowsWarned?: number;
  windowsFailed?: number;
}

export interface DimensionScore {
  /** 0–100, two decimals; null when no check of the dimension tested anything. */
  score: number | null;
  testedUnits: number;
  passedUnits: number;
}

export interface QualityScore {
  /** The mean of the dimensions that have a score; null when none has. */
  score: number | null;
  dimensions: Record<QualityDimension, DimensionScore>;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The quality score (docs/architecture.md, "Quality score"): per dimension, the share of passed test
 * units among tested ones, in percent — a unit is one row tested by a row-level check (per-record
 * checks, duplicates: passed = rows tested − rows failed), one run-level verdict (row count:
 * passed when its threshold holds) or one closed window of an aggregate check (passed when it
 * neither warned nor failed). Warn and fail levels weigh the same. The overall score is the
 * unweighted mean of the dimensions that have a score. Checks not evaluated count nowhere.
 */
export function scoreOf(checks: readonly ScoredCheck[]): QualityScore {
  const dimensions = Object.fromEntries(QUALITY_DIMENSIONS.map((dimension) => [dimension, { score: null, testedUnits: 0, passedUnits: 0 }])) as Record<QualityDimension, DimensionScore>;
  for (const check of checks) {
    if (check.outcome === 'not_evaluated' || check.outcome === 'error') continue;
    const dimension = dimensions[check.dimension as QualityDimension];
    if (!dimension) continue;
    if (check.checkType === 'row_count') {
      dimension.testedUnits += 1;
      if (check.outcome === 'pass') dimension.passedUnits += 1;
    } else if (check.checkType === 'aggregate') {
      const windows = check.windowsEvaluated ?? 0;
      dimension.testedUnits += windows;
      dimension.passedUnits += windows - (check.windowsWarned ?? 0) - (check.windowsFailed ?? 0);
    } else {
      dimension.testedUnits += check.rowsTested;
      dimension.passedUnits += check.rowsTested - check.rowsFailed;
    }
  }
  const scored: number[] = [];
  for (const dimension of Object.values(dimensions)) {
    if (dimension.testedUnits === 0) continue;
    dimension.score = round((dimension.passedUnits / dimension.testedUnits) * 100);
    scored.push(dimension.score);
  }
  return { score: scored.length === 0 ? null : round(scored.reduce((sum, score) => sum + score, 0) / scored.length), dimensions };
}
