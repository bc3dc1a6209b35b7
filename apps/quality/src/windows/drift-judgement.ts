/**
 * Distribution drift checks (`distribution_difference`) judged when a window closes: the window's
 * state is compared with its reference, read in the window store's transaction (one query per batch
 * and reference kind):
 * - `previous_windows`: the merged state of the latest N earlier closed windows of the same source,
 *   check and segment that measured values (on quality.window_results_reference_idx). Windows closing
 *   in the same batch do not see each other (each is judged against the windows closed before the batch).
 * - `run`: every closed window with values of one pinned run of the same source, check and segment,
 *   merged in PostgreSQL (quality.merged_sketch / merged_categories, on the primary key's run_id), so
 *   a run of any number of windows is one bounded state.
 */

import type { EntityManager } from 'typeorm';
import { outcomeOfValue, REFERENCE_RUN_ID, type AggregateParameters, type DistributionOptions, type WindowOutcomeKind, type WindowState } from './aggregate-check';
import { CATEGORY_LIMIT, mergeCategories, type CategoryCounts } from './category-counts';
import { chiSquareTest, kolmogorovSmirnovTest, populationStabilityIndex, sketchPopulationStabilityIndex, type DriftMethod } from './distribution-drift';
import { mergeSketches, type ValueSketch } from './value-sketch';

/** The reference as stored with an evaluation: the previous windows merged (newest first), or the pinned run and how many of its windows. */
export type StoredDriftReference =
  | { kind: 'previous_windows'; windows: number; used: Array<{ runId: string; windowStart: number }>; values: number }
  | { kind: 'run'; runId: string; windows: number; values: number };

/** A closed window's drift evaluation, kept with it (window_results.drift) and with its run's result (check_results.last_drift). */
export interface StoredDrift {
  method: DriftMethod;
  evaluated: boolean;
  /** The measured value: the p-value of ks and chi_square, the index of psi; null when not evaluated. */
  value: number | null;
  /** The hypothesis tests' statistic: ks's D, chi_square's χ² (with its degrees of freedom). */
  statistic?: number;
  degreesOfFreedom?: number;
  reference: StoredDriftReference;
  windowStart: number;
  reason?: string;
}

/** A reference window as read, or (pinned run) the merge of `windows` of them. */
export interface ReferenceWindow {
  runId: string;
  windowStart: number;
  valueCount: number;
  sketch: ValueSketch | null;
  categories: CategoryCounts | null;
  windows?: number;
}

type Measured = { value: number; statistic?: number; degreesOfFreedom?: number };

/** The method's value for the window against the merged reference; a reason when it cannot be measured. */
function measure(options: DistributionOptions, state: WindowState, sketch: ValueSketch | null, categories: CategoryCounts | null): Measured | string {
  const { type, method } = options;
  const noValue = state.valueCount === 0 ? 'no value in the window' : 'the reference holds no value of this column type';
  if (type === 'categorical' && method !== 'ks') {
    if (!state.categories || !categories) return noValue;
    if (method === 'psi') return orReason(populationStabilityIndex(state.categories, categories), noValue);
    const test = chiSquareTest(state.categories, categories);
    return test ? { value: test.pValue, statistic: test.statistic, degreesOfFreedom: test.degreesOfFreedom } : noValue;
  }
  if (type === 'continuous' && method !== 'chi_square') {
    if (!state.sketch || !sketch) return noValue;
    if (method === 'psi') return orReason(sketchPopulationStabilityIndex(state.sketch, sketch), noValue);
    const test = kolmogorovSmirnovTest(state.sketch, sketch);
    return test ? { value: test.pValue, statistic: test.statistic } : noValue;
  }
  return `method ${method} does not apply to a ${type} column`;
}

const orReason = (value: number | undefined, reason: string): Measured | string => (value === undefined ? reason : { value });

/** The drift of one window against its reference windows, and the outcome at the check's thresholds. */
export function judgeDrift(
  options: DistributionOptions,
  thresholds: AggregateParameters['thresholds'],
  state: WindowState,
  windowStart: number,
  references: readonly ReferenceWindow[],
): { outcome: WindowOutcomeKind; measuredValue: number | null; drift: StoredDrift } {
  let sketch: ValueSketch | null = null;
  let categories: CategoryCounts | null = null;
  let values = 0;
  let windows = 0;
  for (const reference of references) {
    sketch = mergeSketches(sketch, reference.sketch);
    categories = mergeCategories(categories, reference.categories);
    values += reference.valueCount;
    windows += reference.windows ?? 1;
  }
  const reference: StoredDriftReference =
    options.reference.kind === 'run'
      ? { kind: 'run', runId: options.reference.runId, windows, values }
      : { kind: 'previous_windows', windows: options.reference.windows, used: references.map(({ runId, windowStart: start }) => ({ runId, windowStart: start })), values };
  const base = { method: options.method, reference, windowStart };
  const notEvaluated = (reason: string) => ({ outcome: 'not_evaluated' as const, measuredValue: null, drift: { ...base, evaluated: false, value: null, reason } });
  if (windows === 0) {
    return notEvaluated(
      options.reference.kind === 'run'
        ? `no reference: run ${options.reference.runId} has no closed window of this check (and segment) with values`
        : 'no reference: no earlier closed window of this check (and segment) with values',
    );
  }
  const measured = measure(options, state, sketch, categories);
  if (typeof measured === 'string') return notEvaluated(measured);
  return { outcome: outcomeOfValue(thresholds, measured.value), measuredValue: measured.value, drift: { ...base, evaluated: true, ...measured } };
}

/** What closing needs of a window of a drift check. */
export interface ClosingDriftWindow {
  window: { sourceId: string; checkId: string; segment: string; runId: string; windowStart: number; thresholds: AggregateParameters['thresholds']; scope: { distribution?: DistributionOptions } | null; state: WindowState };
  outcome: WindowOutcomeKind;
  measuredValue: number | null;
  drift?: StoredDrift;
}

/** The latest N earlier closed windows of each entry's series, by entry. */
async function previousWindows(manager: EntityManager, entries: readonly ClosingDriftWindow[]): Promise<Map<ClosingDriftWindow, ReferenceWindow[]>> {
  const byEntry = new Map<ClosingDriftWindow, ReferenceWindow[]>();
  if (entries.length === 0) return byEntry;
  const rows: Array<ReferenceWindow & { index: number }> = await manager.query(
    `SELECT k.index::int AS index, r.run_id AS "runId", r.window_start::float8 AS "windowStart", r.value_count::float8 AS "valueCount", r.sketch, r.categories
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS k(source_id, check_id, segment, windows, index)
       CROSS JOIN LATERAL (
         SELECT run_id, window_start, value_count, sketch, categories, max_ingested_ms FROM quality.window_results w
          WHERE w.source_id = k.source_id AND w.check_id = k.check_id AND w.segment = k.segment AND w.closed_at IS NOT NULL AND w.value_count > 0
          ORDER BY w.max_ingested_ms DESC, w.run_id, w.window_start LIMIT k.windows) r
      ORDER BY k.index, r.max_ingested_ms DESC, r.run_id, r.window_start`,
    [
      entries.map((entry) => entry.window.sourceId),
      entries.map((entry) => entry.window.checkId),
      entries.map((entry) => entry.window.segment),
      entries.map((entry) => (entry.window.scope!.distribution!.reference as { windows: number }).windows),
    ],
  );
  for (const { index, ...row } of rows) {
    const entry = entries[index - 1];
    byEntry.set(entry, [...(byEntry.get(entry) ?? []), row]);
  }
  return byEntry;
}

/** The merged closed windows of each entry's pinned run (one row per distinct run, check and segment), by entry. */
async function pinnedRuns(manager: EntityManager, entries: readonly ClosingDriftWindow[]): Promise<Map<ClosingDriftWindow, ReferenceWindow[]>> {
  const series = new Map<string, { sourceId: string; checkId: string; segment: string; runId: string }>();
  const keyOfEntry = new Map<ClosingDriftWindow, string>();
  for (const entry of entries) {
    const { sourceId, checkId, segment } = entry.window;
    const { runId } = entry.window.scope!.distribution!.reference as { runId: string };
    // A run id that is not a UUID (only a stored scope written by hand could hold one) finds no window.
    if (!REFERENCE_RUN_ID.test(runId)) continue;
    const key = JSON.stringify([sourceId, checkId, segment, runId]);
    series.set(key, { sourceId, checkId, segment, runId });
    keyOfEntry.set(entry, key);
  }
  const byEntry = new Map<ClosingDriftWindow, ReferenceWindow[]>();
  if (series.size === 0) return byEntry;
  const keys = [...series.keys()];
  const values = [...series.values()];
  const rows: Array<ReferenceWindow & { index: number }> = await manager.query(
    `SELECT k.index::int AS index, k.run_id AS "runId", 0 AS "windowStart", count(w.run_id)::int AS windows, coalesce(sum(w.value_count), 0)::float8 AS "valueCount",
            quality.merged_sketch(w.sketch) AS sketch, quality.merged_categories(w.categories, $5::int) AS categories
       FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[]) WITH ORDINALITY AS k(source_id, check_id, segment, run_id, index)
       LEFT JOIN quality.window_results w ON w.run_id = k.run_id AND w.source_id = k.source_id AND w.check_id = k.check_id AND w.segment = k.segment
        AND w.closed_at IS NOT NULL AND w.value_count > 0
      GROUP BY k.index, k.run_id`,
    [values.map((key) => key.sourceId), values.map((key) => key.checkId), values.map((key) => key.segment), values.map((key) => key.runId), CATEGORY_LIMIT],
  );
  const byKey = new Map<string, ReferenceWindow[]>(rows.map(({ index, ...row }) => [keys[index - 1], row.windows === 0 ? [] : [row]]));
  for (const [entry, key] of keyOfEntry) byEntry.set(entry, byKey.get(key) ?? []);
  return byEntry;
}

/** Judges every closing window of a drift check against its reference. */
export async function judgeDrifts(manager: EntityManager, closing: ClosingDriftWindow[]): Promise<void> {
  const drifting = closing.filter((entry) => entry.window.scope?.distribution);
  if (drifting.length === 0) return;
  const pinned = (entry: ClosingDriftWindow) => entry.window.scope!.distribution!.reference.kind === 'run';
  const previous = await previousWindows(manager, drifting.filter((entry) => !pinned(entry)));
  const runs = await pinnedRuns(manager, drifting.filter(pinned));
  for (const entry of drifting) {
    const judged = judgeDrift(entry.window.scope!.distribution!, entry.window.thresholds, entry.window.state, entry.window.windowStart, previous.get(entry) ?? runs.get(entry) ?? []);
    entry.outcome = judged.outcome;
    entry.measuredValue = judged.measuredValue;
    entry.drift = judged.drift;
  }
}
