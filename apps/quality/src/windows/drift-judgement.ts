/**
 * Distribution drift checks (`distribution_difference`) judged when a window closes: the window's
 * state is compared with its reference, the merged state of the latest N earlier closed windows of
 * the same source, check and segment that measured values (one query per batch, in the window
 * store's transaction, on quality.window_results_reference_idx). Windows closing in the same batch
 * do not see each other (each is judged against the windows closed before the batch).
 */

import type { EntityManager } from 'typeorm';
import { outcomeOfValue, type AggregateParameters, type DistributionOptions, type WindowOutcomeKind, type WindowState } from './aggregate-check';
import { mergeCategories, type CategoryCounts } from './category-counts';
import { kolmogorovSmirnov, populationStabilityIndex, type DriftMethod } from './distribution-drift';
import { mergeSketches, type ValueSketch } from './value-sketch';

/** A closed window's drift evaluation, kept with it (window_results.drift) and with its run's result (check_results.last_drift). */
export interface StoredDrift {
  method: DriftMethod;
  evaluated: boolean;
  /** The statistic (KS D or PSI); null when not evaluated. */
  value: number | null;
  reference: {
    kind: 'previous_windows';
    windows: number;
    /** The windows merged into the reference, newest first. */
    used: Array<{ runId: string; windowStart: number }>;
    /** The values the reference holds. */
    values: number;
  };
  windowStart: number;
  reason?: string;
}

/** A reference window as read. */
export interface ReferenceWindow {
  runId: string;
  windowStart: number;
  valueCount: number;
  sketch: ValueSketch | null;
  categories: CategoryCounts | null;
}

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
  for (const reference of references) {
    sketch = mergeSketches(sketch, reference.sketch);
    categories = mergeCategories(categories, reference.categories);
    values += reference.valueCount;
  }
  const base = {
    method: options.method,
    reference: { kind: options.reference.kind, windows: options.reference.windows, used: references.map(({ runId, windowStart: start }) => ({ runId, windowStart: start })), values },
    windowStart,
  };
  const notEvaluated = (reason: string) => ({ outcome: 'not_evaluated' as const, measuredValue: null, drift: { ...base, evaluated: false, value: null, reason } });
  if (references.length === 0) return notEvaluated('no reference: no earlier closed window of this check (and segment) with values');
  const value =
    options.type === 'categorical'
      ? state.categories && categories ? populationStabilityIndex(state.categories, categories) : undefined
      : state.sketch && sketch ? kolmogorovSmirnov(state.sketch, sketch) : undefined;
  if (value === undefined) return notEvaluated(state.valueCount === 0 ? 'no value in the window' : 'the reference holds no value of this column type');
  return { outcome: outcomeOfValue(thresholds, value), measuredValue: value, drift: { ...base, evaluated: true, value } };
}

/** What closing needs of a window of a drift check. */
export interface ClosingDriftWindow {
  window: { sourceId: string; checkId: string; segment: string; runId: string; windowStart: number; thresholds: AggregateParameters['thresholds']; scope: { distribution?: DistributionOptions } | null; state: WindowState };
  outcome: WindowOutcomeKind;
  measuredValue: number | null;
  drift?: StoredDrift;
}

/** Judges every closing window of a drift check against its reference, reading all references in one query. */
export async function judgeDrifts(manager: EntityManager, closing: ClosingDriftWindow[]): Promise<void> {
  const drifting = closing.filter((entry) => entry.window.scope?.distribution);
  if (drifting.length === 0) return;
  const rows: Array<ReferenceWindow & { index: number }> = await manager.query(
    `SELECT k.index::int AS index, r.run_id AS "runId", r.window_start::float8 AS "windowStart", r.value_count::float8 AS "valueCount", r.sketch, r.categories
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS k(source_id, check_id, segment, windows, index)
       CROSS JOIN LATERAL (
         SELECT run_id, window_start, value_count, sketch, categories, max_ingested_ms FROM quality.window_results w
          WHERE w.source_id = k.source_id AND w.check_id = k.check_id AND w.segment = k.segment AND w.closed_at IS NOT NULL AND w.value_count > 0
          ORDER BY w.max_ingested_ms DESC, w.run_id, w.window_start LIMIT k.windows) r
      ORDER BY k.index, r.max_ingested_ms DESC, r.run_id, r.window_start`,
    [
      drifting.map((entry) => entry.window.sourceId),
      drifting.map((entry) => entry.window.checkId),
      drifting.map((entry) => entry.window.segment),
      drifting.map((entry) => entry.window.scope!.distribution!.reference.windows),
    ],
  );
  const byIndex = new Map<number, ReferenceWindow[]>();
  for (const row of rows) byIndex.set(row.index, [...(byIndex.get(row.index) ?? []), row]);
  drifting.forEach((entry, index) => {
    const references = byIndex.get(index + 1) ?? [];
    const judged = judgeDrift(entry.window.scope!.distribution!, entry.window.thresholds, entry.window.state, entry.window.windowStart, references);
    entry.outcome = judged.outcome;
    entry.measuredValue = judged.measuredValue;
    entry.drift = judged.drift;
  });
}
