import { protectedPathsOf } from '../checks/record-checker';
import type { RecordJudgement } from '../validation/record-judgement';
import { emptyWindowStateFor, windowEndOf, windowStartOf, type AggregateCheck, type AggregateMetric, type AggregateParameters, type WindowSpec, type WindowState } from './aggregate-check';

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
  /** What the check counts and compares (stored with the window; null for a plain check). */
  scope: WindowScope | null;
  /** '' for the check's overall window; a segment's group-by value as JSON (`"DHL"`) for a segment's. */
  segment: string;
  /** Group-by checks: the most segments a window keeps (0 without group by). */
  segmentLimit: number;
  /** Records of the run that fell in the window, filtered out or not: a count or run window closes when all arrived. */
  recordsSeen: number;
  /** The overall window: matching records that got no segment (over the limit, or a protected group-by value). */
  segmentOverflowRows: number;
  /** percentile checks: the quantile read from the sketch; null otherwise. */
  quantile: number | null;
  windowKind: WindowSpec['kind'];
  windowStart: number;
  windowEnd: number;
  state: WindowState;
  sampleFailingRecordIds: string[];
}

/** A window's filter, group-by column and drift options (distribution_difference: method, column type and reference). */
export interface WindowScope {
  filter?: string;
  groupBy?: string;
  distribution?: AggregateParameters['distribution'];
}

function scopeOf(parameters: AggregateParameters): WindowScope | null {
  const scope: WindowScope = {
    ...(parameters.filter !== undefined ? { filter: parameters.filter } : {}),
    ...(parameters.groupBy ? { groupBy: parameters.groupBy.field.join('.') } : {}),
    ...(parameters.distribution ? { distribution: parameters.distribution } : {}),
  };
  return Object.keys(scope).length === 0 ? null : scope;
}

/** The latest ingestion time of a run's records in the batch: time windows that end before it are over. */
export interface RunWatermark {
  runId: string;
  contractId: string;
  contractVersion: string;
  maxIngestedMs: number;
}

function newDelta(check: AggregateCheck, record: RecordJudgement['record'], contractId: string, contractVersion: string, start: number, segment: string): WindowDelta {
  const { definition, parameters } = check;
  return {
    runId: record.runId,
    sourceId: record.sourceId,
    contractId,
    contractVersion,
    checkId: definition.id,
    metric: parameters.metric,
    thresholds: parameters.thresholds,
    scope: scopeOf(parameters),
    quantile: parameters.quantile ?? null,
    windowKind: parameters.window.kind,
    windowStart: start,
    windowEnd: windowEndOf(parameters.window, start, record.position.total),
    segment,
    segmentLimit: parameters.groupBy?.limit ?? 0,
    recordsSeen: 0,
    segmentOverflowRows: 0,
    state: emptyWindowStateFor(parameters),
    sampleFailingRecordIds: [],
  };
}

function observe(check: AggregateCheck, delta: WindowDelta, recordId: string, value: unknown, isProtected: boolean, ingestedMs: number): void {
  const counts = check.observe(delta.state, value, isProtected, ingestedMs);
  if (counts && delta.sampleFailingRecordIds.length < MAX_WINDOW_SAMPLE) delta.sampleFailingRecordIds.push(recordId);
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
  // Each overall window's segments in this batch: at most its limit.
  const segmentsOf = new Map<WindowDelta, Map<string, WindowDelta>>();
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
          delta = newDelta(check, record, contractId, contractVersion, start, '');
          windows.set(key, delta);
        }
        lastDeltas.set(check, delta);
      }
      delta.recordsSeen += 1;
      if (protectedPaths === null) protectedPaths = protectedPathsOf(record.protection.findings);
      if (!check.scope.matches(record.payload, protectedPaths)) continue;
      const value = check.valueOf(record.payload);
      const isProtected = protectedPaths !== undefined && check.isProtectedIn(protectedPaths);
      observe(check, delta, record.recordId, value, isProtected, ingestedMs);
      if (delta.segmentLimit === 0) continue;
      const segment = check.scope.segmentOf(record.payload, protectedPaths);
      let segments = segmentsOf.get(delta);
      if (!segments) segmentsOf.set(delta, (segments = new Map()));
      let segmentDelta = segment === undefined ? undefined : segments.get(segment);
      if (segment !== undefined && !segmentDelta && segments.size < delta.segmentLimit) {
        segmentDelta = newDelta(check, record, contractId, contractVersion, start, segment);
        segments.set(segment, segmentDelta);
        windows.set(`${runKey}\u0000${definition.id}\u0000${start}\u0000${segment}`, segmentDelta);
      }
      // Beyond the limit within the batch, or ungroupable: counted in the overall window only (window-segments.ts bounds across batches).
      if (!segmentDelta) delta.segmentOverflowRows += 1;
      else {
        segmentDelta.recordsSeen += 1;
        observe(check, segmentDelta, record.recordId, value, isProtected, ingestedMs);
      }
    }
  }
  return { windows: [...windows.values()], watermarks: [...watermarks.values()] };
}
