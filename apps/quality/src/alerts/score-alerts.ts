import { v5 as uuidv5 } from 'uuid';
import { QUALITY_DIMENSIONS, type QualityDimension } from '../checks/quality-dimension';
import { outcomeOf, type CheckCounts } from '../results/check-outcome';
import { scoreOf } from '../results/quality-score';

const SCORE_ALERT_NAMESPACE = '7d3e9a41-2c5b-4f8e-a16d-9b0c4e2f7a53';

/** A run whose records a contract version has all judged, in this batch (its result is now final). */
export interface CompletedRun {
  runId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
}

/** A stored check result as the score reads it. */
export interface ScoredCheckRow extends CheckCounts {
  dimension: string;
}

/** What the webhook receives when a completed run scores below the threshold: scores only, never a value. */
export interface ScoreAlertPayload {
  alertId: string;
  type: 'score_below_threshold';
  sourceId: string;
  runId: string;
  contractId: string;
  contractVersion: string;
  score: number;
  threshold: number;
  dimensions: Record<QualityDimension, number | null>;
}

/** Whether a contract version judged the run's last record in this batch: before it, some were missing; now none is. */
export function completedNow(run: { expectedRecords: number | null; recordsJudged: number }, judgedInBatch: number): boolean {
  return run.expectedRecords !== null && run.recordsJudged >= run.expectedRecords && run.recordsJudged - judgedInBatch < run.expectedRecords;
}

/**
 * The score alert of a completed run: fired once per run and contract version (id = uuid v5 of
 * both) when the run's quality score (results/quality-score.ts) is below `threshold`; none when the
 * run has no score.
 */
export function scoreAlertOf(run: CompletedRun, checks: readonly ScoredCheckRow[], threshold: number): ScoreAlertPayload | undefined {
  const { score, dimensions } = scoreOf(checks.map((check) => ({ ...check, outcome: outcomeOf(check).outcome })));
  if (score === null || score >= threshold) return undefined;
  return {
    alertId: uuidv5(JSON.stringify([run.runId, run.contractId, run.contractVersion, 'score']), SCORE_ALERT_NAMESPACE),
    type: 'score_below_threshold',
    sourceId: run.sourceId,
    runId: run.runId,
    contractId: run.contractId,
    contractVersion: run.contractVersion,
    score,
    threshold,
    dimensions: Object.fromEntries(QUALITY_DIMENSIONS.map((dimension) => [dimension, dimensions[dimension].score])) as Record<QualityDimension, number | null>,
  };
}
