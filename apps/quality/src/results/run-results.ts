import { hash } from 'node:crypto';
import { AGGREGATE_CHECK_TYPE, RUN_CHECK_TYPES } from '../checks/check-model';
import { protectedPathsOf, type CheckResult } from '../checks/record-checker';
import type { Threshold } from '../checks/threshold';
import type { AnomalyRule } from '../anomalies/anomaly-rule';
import { dimensionOf, type QualityDimension } from '../checks/quality-dimension';
import type { CheckLevel } from '../checks/check-model';
import { NO_CONTRACT, type RecordJudgement } from '../validation/record-judgement';
import type { AggregateMetric, AggregateParameters, DistributionOptions } from '../windows/aggregate-check';

/** Failing record ids kept per run and check: enough to look at, bounded whatever the run's size. */
export const MAX_SAMPLE_FAILING_RECORDS = 10;

/** What a set of judged records adds to one run and contract version. */
export interface RunResultDelta {
  runId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  expectedRecords: number | null;
  recordsJudged: number;
  recordsQuarantined: number;
}

/** What an aggregate check's result keeps of its definition: the metric, the window and what must hold at each level. */
export interface AggregateThresholds {
  metric: AggregateMetric;
  window: object;
  /** percentile: the quantile (0 to 1). */
  quantile?: number;
  fail?: Threshold;
  warn?: Threshold;
  /** Anomaly detection checks: the rule (no fixed threshold). */
  anomaly?: AnomalyRule;
  /** Filtered, grouped and drift checks: what they count and compare. */
  filter?: string;
  groupBy?: string;
  distribution?: DistributionOptions;
}

/** What a set of judged records adds to one check of one run. */
export interface CheckResultDelta {
  runId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  checkName: string;
  checkType: string;
  field: string;
  level: CheckLevel;
  dimension: QualityDimension;
  rowsTested: number;
  rowsFailed: number;
  rowsNotEvaluated: number;
  sampleFailingRecordIds: string[];
  /** Run checks: the ODCS threshold on the metric; aggregate checks: `{metric, window, fail?, warn?}`; null for per-record checks. */
  threshold: Threshold | AggregateThresholds | null;
  unit: 'rows' | 'percent';
}

/** A record's key for one duplicates check: looked up in the stored keys to tell whether it is a duplicate. */
export interface DuplicateCandidate {
  check: CheckResultDelta;
  recordId: string;
  keyHash: string;
}

export interface ResultDeltas {
  runs: RunResultDelta[];
  checks: CheckResultDelta[];
  duplicateCandidates: DuplicateCandidate[];
}

interface RunAccumulator {
  run: RunResultDelta;
  checks: Map<string, CheckResultDelta>;
  duplicateChecks: Array<{ delta: CheckResultDelta; columns: string[][] }>;
}

function valueAt(payload: Record<string, unknown>, path: readonly string[]): unknown {
  let current: unknown = payload;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The key of a record for a duplicates check: sha256 (128 bits) of its columns' values. None when a
 * column is missing or null (like SQL, missing values are not duplicates) or was rewritten by
 * pii-detection (a redacted or replaced value equals every other one).
 */
export function duplicateKeyOf(payload: Record<string, unknown>, columns: readonly string[][], protectedPaths: ReadonlySet<string> | undefined): string | undefined {
  const values: unknown[] = [];
  for (const column of columns) {
    if (protectedPaths?.has(column.join('.'))) return undefined;
    const value = valueAt(payload, column);
    if (value === undefined || value === null) return undefined;
    values.push(value);
  }
  // One-shot hashing: a Hash object per record cost about three times as much.
  return hash('sha256', JSON.stringify(values), 'hex').slice(0, 32);
}

function countFailures(accumulator: RunAccumulator, results: readonly CheckResult[], recordId: string): void {
  for (const result of results) {
    const check = accumulator.checks.get(result.checkId);
    if (!check) continue;
    check.rowsFailed += 1;
    if (check.sampleFailingRecordIds.length < MAX_SAMPLE_FAILING_RECORDS) check.sampleFailingRecordIds.push(recordId);
  }
}

function aggregateThresholdsOf(parameters: Record<string, unknown>): AggregateThresholds {
  const { metric, window, thresholds, quantile, filter, groupBy, distribution } = parameters as unknown as AggregateParameters;
  return {
    metric, window, ...(quantile !== undefined ? { quantile } : {}), ...thresholds,
    ...(filter !== undefined ? { filter } : {}), ...(groupBy ? { groupBy: groupBy.field.join('.') } : {}), ...(distribution ? { distribution } : {}),
  };
}

/**
 * Sums judged records per run, contract version and check, in one pass: rows tested are the
 * records judged minus those the check could not evaluate (a protected value, no value).
 * Every check of the version gets a row, so a check that never failed reads as passed. Run checks
 * get a row too: a row count needs nothing more, duplicates need their candidates looked up.
 */
export function accumulateResults(judgements: readonly RecordJudgement[]): ResultDeltas {
  const byRun = new Map<string, RunAccumulator>();
  const duplicateCandidates: DuplicateCandidate[] = [];
  for (const judgement of judgements) {
    const { record, checker, verdict } = judgement;
    const contractId = checker?.contractId ?? NO_CONTRACT.contractId;
    const contractVersion = checker?.contractVersion ?? NO_CONTRACT.contractVersion;
    const key = `${record.runId}\u0000${contractId}\u0000${contractVersion}`;
    let accumulator = byRun.get(key);
    if (!accumulator) {
      const identity = { runId: record.runId, sourceId: record.sourceId, contractId, contractVersion };
      const checks = new Map<string, CheckResultDelta>();
      const duplicateChecks: RunAccumulator['duplicateChecks'] = [];
      const windowDefinitions = (checker?.windowChecks ?? []).map((check) => check.definition);
      for (const definition of [...(checker?.definitions ?? []), ...(checker?.runChecks ?? []), ...windowDefinitions]) {
        const isRunCheck = RUN_CHECK_TYPES.has(definition.type);
        const delta: CheckResultDelta = {
          ...identity,
          checkId: definition.id,
          checkName: definition.name,
          checkType: definition.type,
          field: definition.field.join('.'),
          level: definition.level,
          dimension: dimensionOf(definition),
          rowsTested: 0,
          rowsFailed: 0,
          rowsNotEvaluated: 0,
          sampleFailingRecordIds: [],
          threshold: isRunCheck ? (definition.parameters.threshold as Threshold) : definition.type === AGGREGATE_CHECK_TYPE ? aggregateThresholdsOf(definition.parameters) : null,
          unit: definition.parameters.unit === 'percent' ? 'percent' : 'rows',
        };
        checks.set(definition.id, delta);
        if (definition.type === 'duplicates') duplicateChecks.push({ delta, columns: definition.parameters.columns as string[][] });
      }
      accumulator = { run: { ...identity, expectedRecords: record.position.total ?? null, recordsJudged: 0, recordsQuarantined: 0 }, checks, duplicateChecks };
      byRun.set(key, accumulator);
    }
    accumulator.run.recordsJudged += 1;
    if (!judgement.valid) accumulator.run.recordsQuarantined += 1;
    if (accumulator.duplicateChecks.length > 0) {
      const protectedPaths = protectedPathsOf(record.protection.findings);
      for (const { delta, columns } of accumulator.duplicateChecks) {
        const keyHash = duplicateKeyOf(record.payload, columns, protectedPaths);
        if (keyHash === undefined) delta.rowsNotEvaluated += 1;
        else duplicateCandidates.push({ check: delta, recordId: record.recordId, keyHash });
      }
    }
    if (!verdict) continue;
    countFailures(accumulator, verdict.failed, record.recordId);
    countFailures(accumulator, verdict.warned, record.recordId);
    for (const result of verdict.notEvaluated) {
      const check = accumulator.checks.get(result.checkId);
      if (check) check.rowsNotEvaluated += 1;
    }
  }
  const runs: RunResultDelta[] = [];
  const checks: CheckResultDelta[] = [];
  for (const accumulator of byRun.values()) {
    runs.push(accumulator.run);
    for (const check of accumulator.checks.values()) {
      check.rowsTested = accumulator.run.recordsJudged - check.rowsNotEvaluated;
      checks.push(check);
    }
  }
  return { runs, checks, duplicateCandidates };
}
