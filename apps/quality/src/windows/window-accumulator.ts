import { protectedPathsOf } from '../checks/record-checker';
import type { RecordJudgement } from '../validation/record-judgement';
import { emptyWindowState, windowEndOf, windowStartOf, type AggregateCheck, type AggregateMetric, type AggregateParameters, type WindowSpec, type WindowState } from './aggregate-check';

/** Failing record ids kept per window (missing or invalid values): enough to look at, bounded. */
export const MAX_WINDOW_SAMPLE = 10;

/** What a set of judged records adds to one window of one aggregate check. */
export interface WindowDelta {
  runId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  metric: AggregateMetric;
  thresholds: AggregateParameters['thresholds'];
  /** percentile checks: the quantile read from the sketch; null otherwise. */
  quantile: number | null;
  windowKind: WindowSpec['kind'];
  windowStart: number;
  windowEnd: number;
  state: WindowState;
  sampleFailingRecordIds: string[];
}

/** The latest ingestion time of a run's records in the batch: time windows that end before it are over. */
export interface RunWatermark {
  runId: string;
  contractId: string;
  contractVersion: string;
  maxIngestedMs: number;
}

/**
 * Adds judged records to the windows of their contract's aggregate checks, in one pass: per record
 * and check, the window it falls in (its run, its position's block of N, or its ingestion time's
 * span) and O(1) work on that window's state.
 */
export function accumulateWindows(judgements: readonly RecordJudgement[]): { windows: WindowDelta[]; watermarks: RunWatermark[] } {
  const windows = new Map<string, WindowDelta>();
  const watermarks = new Map<string, RunWatermark>();
  // Consecutive records of a batch mostly share their run and windows: the last delta per check is tried first.
  const lastDeltas = new Map<AggregateCheck, WindowDelta>();
  let lastIngestedAt = '';
  let ingestedMs = 0;
  for (const { record, checker } of judgements) {
    if (!checker || checker.windowChecks.length === 0) continue;
    if (record.ingestedAt !== lastIngestedAt) {
      lastIngestedAt = record.ingestedAt;
      ingestedMs = Date.parse(record.ingestedAt);
    }
    const { contractId, contractVersion } = checker;
    const runKey = `${record.runId}\u0000${contractId}\u0000${contractVersion}`;
    const watermark = watermarks.get(runKey);
    if (!watermark) watermarks.set(runKey, { runId: record.runId, contractId, contractVersion, maxIngestedMs: ingestedMs });
    else if (ingestedMs > watermark.maxIngestedMs) watermark.maxIngestedMs = ingestedMs;
    // Computed when a check first needs it: most checks read fields pii-detection did not touch.
    let protectedPaths: ReadonlySet<string> | undefined | null = record.protection.findings.length === 0 ? undefined : null;
    for (const check of checker.windowChecks) {
      const { definition, parameters } = check;
      const start = windowStartOf(parameters.window, record.position.index, ingestedMs);
      let delta = lastDeltas.get(check);
      if (!delta || delta.windowStart !== start || delta.runId !== record.runId || delta.contractVersion !== contractVersion) {
        const key = `${runKey}\u0000${definition.id}\u0000${start}`;
        delta = windows.get(key);
        if (!delta) {
          delta = {
            runId: record.runId,
            sourceId: record.sourceId,
            contractId,
            contractVersion,
            checkId: definition.id,
            metric: parameters.metric,
            thresholds: parameters.thresholds,
            quantile: parameters.quantile ?? null,
            windowKind: parameters.window.kind,
            windowStart: start,
            windowEnd: windowEndOf(parameters.window, start, record.position.total),
            state: emptyWindowState(parameters.metric === 'percentile'),
            sampleFailingRecordIds: [],
          };
          windows.set(key, delta);
        }
        lastDeltas.set(check, delta);
      }
      if (protectedPaths === null && check.readsFieldValues) protectedPaths = protectedPathsOf(record.protection.findings);
      const isProtected = protectedPaths != null && check.isProtectedIn(protectedPaths);
      const counts = check.observe(delta.state, check.valueOf(record.payload), isProtected, ingestedMs);
      if (counts && delta.sampleFailingRecordIds.length < MAX_WINDOW_SAMPLE) delta.sampleFailingRecordIds.push(record.recordId);
    }
  }
  return { windows: [...windows.values()], watermarks: [...watermarks.values()] };
}
