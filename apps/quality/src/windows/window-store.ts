import type { EntityManager } from 'typeorm';
import { windowAlertIdentity, type AlertedWindow } from '../alerts/window-alert';
import { boundedIndexText } from '@atlas/database';
import type { AlertPayload } from '../alerts/fired-alerts';
import { anomalyAlertOf, judgeAnomalies, type AnomalyAlertPayload, type ClosingAnomalyWindow } from '../anomalies/anomaly-judgement';
import { windowOutcome, type AggregateMetric, type AggregateParameters, type WindowState } from './aggregate-check';
import { closedWindowsPerCheck } from './closed-windows';
import { CATEGORY_LIMIT } from './category-counts';
import { judgeDrifts, type StoredDrift } from './drift-judgement';
import { MAX_WINDOW_SAMPLE, type RunWatermark, type WindowDelta, type WindowScope } from './window-accumulator';
import { boundSegmentsInStore } from './window-segments';

const WINDOW_ALERT_NAMESPACE = '5b0f3c1e-8d2a-4e6b-9c7f-1a3e5d7b9f20';

/** A window as stored, with what closing it needs. */
interface StoredWindow extends AlertedWindow {
  metric: AggregateMetric;
  thresholds: AggregateParameters['thresholds'];
  quantile: number | null;
  sampleFailingRecordIds: string[];
  state: WindowState;
  segment: string;
  segmentOverflowRows: number;
  scope: WindowScope | null;
}

type ClosingWindow = ClosingAnomalyWindow & { window: StoredWindow; drift?: StoredDrift };

const STATE_SQL = `json_build_object('rows', w.rows_judged, 'notEvaluated', w.rows_not_evaluated, 'missing', w.missing_count, 'invalid', w.invalid_count,
  'valueCount', w.value_count, 'valueSum', w.value_sum, 'valueMin', w.value_min, 'valueMax', w.value_max, 'valueM2', w.value_m2, 'sketch', w.sketch, 'categories', w.categories, 'maxIngestedMs', w.max_ingested_ms)`;

const WINDOW_COLUMNS = `w.run_id AS "runId", w.source_id AS "sourceId", w.contract_id AS "contractId", w.contract_version AS "contractVersion", w.check_id AS "checkId",
  c.check_name AS "checkName", c.field, w.metric, w.thresholds, w.quantile, w.window_kind AS "windowKind", w.window_start::float8 AS "windowStart",
  w.window_end::float8 AS "windowEnd", w.sample_failing_record_ids::text[] AS "sampleFailingRecordIds", w.segment, w.segment_overflow_rows::float8 AS "segmentOverflowRows",
  w.scope, ${STATE_SQL} AS state`;

/** A segment's value and column, as alerts and the API show it (`{field: "carrier", value: "DHL"}`); undefined for an overall window. */
export function segmentView(segment: string, scope: { groupBy?: string } | null): { field: string; value: unknown } | undefined {
  return segment === '' ? undefined : { field: scope?.groupBy ?? '', value: JSON.parse(segment) as unknown };
}

/** One alert per window that closes failing: its id is derived from the window, so a retried batch fires nothing twice. */
function alertOf(window: StoredWindow, measuredValue: number | null, drift: StoredDrift | undefined): AlertPayload {
  const failedCount = window.metric.startsWith('missing') ? window.state.missing : window.metric.startsWith('invalid') || window.metric.startsWith('failed_rows') ? window.state.invalid : 0;
  return {
    ...windowAlertIdentity(window, WINDOW_ALERT_NAMESPACE),
    type: 'check_failed',
    checkType: 'aggregate',
    outcome: 'fail',
    metric: window.metric,
    measuredValue: measuredValue ?? 0,
    thresholds: window.thresholds,
    rowsTested: window.state.rows - window.state.notEvaluated,
    rowsFailed: failedCount,
    sampleFailingRecordIds: window.sampleFailingRecordIds,
    ...(window.segment === '' ? {} : { segment: segmentView(window.segment, window.scope) }),
    ...(drift ? { drift: { method: drift.method, reference: drift.reference } } : {}),
  };
}

/**
 * Adds a batch's window deltas (in the transaction that claimed its records), then closes the
 * windows that are complete: a run's window or a count window once all its records are judged, a
 * time window once a later record of its run arrived or the run is complete. A closed window's
 * outcome is fixed, counted into its check result (windows evaluated / warned / failed, its state
 * merged into the check's closed-window state) and, when it fails, written to the alert outbox.
 */
export async function addWindowDeltas(manager: EntityManager, windows: readonly WindowDelta[], watermarks: readonly RunWatermark[], fireAlerts: boolean): Promise<void> {
  if (windows.length === 0) return;
  // Overall windows first: their row locks order concurrent batches before the segments are bounded.
  await upsertWindows(manager, windows.filter((window) => window.segment === ''));
  await upsertWindows(manager, await boundSegmentsInStore(manager, windows.filter((window) => window.segment !== '')));
  const closable: StoredWindow[] = await manager.query(
    `SELECT ${WINDOW_COLUMNS}
       FROM quality.window_results w
       JOIN unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[]) AS b(run_id, contract_id, contract_version, watermark)
         ON w.run_id = b.run_id AND w.contract_id = b.contract_id AND w.contract_version = b.contract_version
       LEFT JOIN quality.run_results r ON r.run_id = w.run_id AND r.contract_id = w.contract_id AND r.contract_version = w.contract_version
       LEFT JOIN quality.check_results c ON c.run_id = w.run_id AND c.contract_id = w.contract_id AND c.contract_version = w.contract_version AND c.check_id = w.check_id
      WHERE w.closed_at IS NULL AND w.segment = '' AND (
            (w.window_kind <> 'time' AND w.window_end >= 0 AND w.records_seen >= w.window_end - w.window_start)
         OR (w.window_kind = 'time' AND (w.window_end <= b.watermark OR (r.expected_records IS NOT NULL AND r.records_judged >= r.expected_records))))
      ORDER BY 1, 3, 4, 5, w.window_start
      FOR UPDATE OF w`,
    [watermarks.map((mark) => mark.runId), watermarks.map((mark) => mark.contractId), watermarks.map((mark) => mark.contractVersion), watermarks.map((mark) => mark.maxIngestedMs)],
  );
  const closed = await closeWindows(manager, closable);
  // A segment closes with its overall window (one created after it closed, at its run's next batch).
  const segments: StoredWindow[] = !windows.some((window) => window.segmentLimit > 0) ? [] : await manager.query(
    `SELECT ${WINDOW_COLUMNS}
       FROM quality.window_results w
       JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS b(run_id, contract_id, contract_version)
         ON w.run_id = b.run_id AND w.contract_id = b.contract_id AND w.contract_version = b.contract_version
       JOIN quality.window_results p ON p.run_id = w.run_id AND p.contract_id = w.contract_id AND p.contract_version = w.contract_version
        AND p.check_id = w.check_id AND p.window_start = w.window_start AND p.segment = ''
       LEFT JOIN quality.check_results c ON c.run_id = w.run_id AND c.contract_id = w.contract_id AND c.contract_version = w.contract_version AND c.check_id = w.check_id
      WHERE w.closed_at IS NULL AND w.segment <> '' AND p.closed_at IS NOT NULL
      ORDER BY 1, 3, 4, 5, w.window_start, w.segment
      FOR UPDATE OF w`,
    [watermarks.map((mark) => mark.runId), watermarks.map((mark) => mark.contractId), watermarks.map((mark) => mark.contractVersion)],
  );
  const closedSegments = await closeWindows(manager, segments);
  await addToCheckResults(manager, closed, closedSegments);
  if (!fireAlerts) return;
  // An anomaly check alerts once per anomalous window (type anomaly; a segment's too), never as a failed threshold.
  const alerts: Array<AlertPayload | AnomalyAlertPayload> = [
    ...[...closed, ...closedSegments].filter((entry) => entry.outcome === 'fail' && !entry.window.thresholds.anomaly).map((entry) => alertOf(entry.window, entry.measuredValue, entry.drift)),
    ...[...closed, ...closedSegments].flatMap((entry) => anomalyAlertOf(entry, segmentView(entry.window.segment, entry.window.scope)) ?? []),
  ];
  if (alerts.length === 0) return;
  await manager.query(`INSERT INTO quality.alerts (alert_id, payload) SELECT * FROM unnest($1::uuid[], $2::jsonb[]) ON CONFLICT (alert_id) DO NOTHING`, [
    alerts.map((alert) => alert.alertId),
    alerts.map((alert) => JSON.stringify(alert)),
  ]);
}

/** Fixes the outcome of closing windows (anomaly and drift checks judged against their history), and stores it. */
async function closeWindows(manager: EntityManager, windows: StoredWindow[]): Promise<ClosingWindow[]> {
  if (windows.length === 0) return [];
  const closed: ClosingWindow[] = windows.map((window) => ({ window, ...windowOutcome(window, window.state) }));
  // Anomaly detection checks: each value judged against its series' history (anomalies/); drift checks against their reference.
  await judgeAnomalies(manager, closed);
  await judgeDrifts(manager, closed);
  await manager.query(
    `UPDATE quality.window_results w SET closed_at = now(), outcome = c.outcome, measured_value = c."measuredValue", anomaly = c.anomaly, drift = c.drift
       FROM jsonb_to_recordset($1::jsonb) AS c("runId" uuid, "contractId" text, "contractVersion" text, "checkId" text, "windowStart" bigint, segment text, outcome text, "measuredValue" float8, anomaly jsonb, drift jsonb)
      WHERE w.run_id = c."runId" AND w.contract_id = c."contractId" AND w.contract_version = c."contractVersion" AND w.check_id = c."checkId" AND w.window_start = c."windowStart" AND w.segment = c.segment`,
    [JSON.stringify(closed.map(({ window, outcome, measuredValue, anomaly, drift }) => ({ ...window, state: undefined, outcome, measuredValue, anomaly: anomaly ?? null, drift: drift ?? null })))],
  );
  return closed;
}

/**
 * What closed windows add to their checks' results over the run: an overall window its outcome,
 * merged state, segment overflow and latest anomaly or drift evaluation; a segment's window its outcome.
 */
async function addToCheckResults(manager: EntityManager, closed: readonly ClosingWindow[], closedSegments: readonly ClosingWindow[]): Promise<void> {
  if (closed.length > 0) {
    // Adds and merges (commutative): the run's result does not depend on the order windows close in (windows/closed-windows.ts).
    await manager.query(
      `UPDATE quality.check_results r SET windows_evaluated = r.windows_evaluated + c.evaluated, windows_warned = r.windows_warned + c.warned,
              windows_failed = r.windows_failed + c.failed, closed_rows_judged = r.closed_rows_judged + c.rows,
              closed_rows_not_evaluated = r.closed_rows_not_evaluated + c."notEvaluated", closed_missing_count = r.closed_missing_count + c.missing,
              closed_invalid_count = r.closed_invalid_count + c.invalid, closed_value_count = r.closed_value_count + c."valueCount",
              closed_value_sum = r.closed_value_sum + c."valueSum",
              closed_value_m2 = r.closed_value_m2 + c."valueM2" + CASE WHEN r.closed_value_count = 0 OR c."valueCount" = 0 THEN 0
                ELSE power(c."valueSum" / c."valueCount" - r.closed_value_sum / r.closed_value_count, 2) * r.closed_value_count * c."valueCount" / (r.closed_value_count + c."valueCount") END,
              closed_sketch = CASE WHEN c.sketch IS NULL THEN r.closed_sketch ELSE quality.merge_sketch(r.closed_sketch, c.sketch) END, closed_value_min = LEAST(r.closed_value_min, c."valueMin"),
              closed_value_max = GREATEST(r.closed_value_max, c."valueMax"), closed_max_ingested_ms = GREATEST(r.closed_max_ingested_ms, c."maxIngestedMs"),
              segment_overflow_rows = r.segment_overflow_rows + c."segmentOverflowRows"
         FROM jsonb_to_recordset($1::jsonb) AS c("runId" uuid, "contractId" text, "contractVersion" text, "checkId" text, evaluated bigint, warned bigint, failed bigint,
              rows bigint, "notEvaluated" bigint, missing bigint, invalid bigint, "valueCount" bigint, "valueSum" float8, "valueMin" float8, "valueMax" float8, "valueM2" float8, sketch jsonb,
              "maxIngestedMs" bigint, "segmentOverflowRows" bigint)
        WHERE r.run_id = c."runId" AND r.contract_id = c."contractId" AND r.contract_version = c."contractVersion" AND r.check_id = c."checkId"`,
      [JSON.stringify(closedWindowsPerCheck(closed.map(({ window, outcome }) => ({ window, state: window.state, outcome, segmentOverflowRows: window.segmentOverflowRows }))).map(({ state, ...check }) => ({ ...check, ...state, categories: undefined })))],
    );
  }
  if (closedSegments.length > 0) {
    await manager.query(
      `UPDATE quality.check_results r SET segment_windows_evaluated = r.segment_windows_evaluated + c.evaluated, segment_windows_warned = r.segment_windows_warned + c.warned,
              segment_windows_failed = r.segment_windows_failed + c.failed
         FROM jsonb_to_recordset($1::jsonb) AS c("runId" uuid, "contractId" text, "contractVersion" text, "checkId" text, evaluated bigint, warned bigint, failed bigint)
        WHERE r.run_id = c."runId" AND r.contract_id = c."contractId" AND r.contract_version = c."contractVersion" AND r.check_id = c."checkId"`,
      [JSON.stringify(closedWindowsPerCheck(closedSegments.map(({ window, outcome }) => ({ window, state: window.state, outcome, segmentOverflowRows: 0 }))).map(({ state: _state, ...check }) => check))],
    );
  }
  // The check's latest evaluation, kept with its result over the run (the window that starts last wins, whatever the closing order).
  for (const [column, entries] of [['last_anomaly', closed.filter((entry) => entry.anomaly).map((entry) => ({ window: entry.window, evaluation: entry.anomaly }))], ['last_drift', closed.filter((entry) => entry.drift).map((entry) => ({ window: entry.window, evaluation: entry.drift }))]] as const) {
    if (entries.length === 0) continue;
    await manager.query(
      `UPDATE quality.check_results r SET ${column} = c.evaluation
         FROM jsonb_to_recordset($1::jsonb) AS c("runId" uuid, "contractId" text, "contractVersion" text, "checkId" text, evaluation jsonb)
        WHERE r.run_id = c."runId" AND r.contract_id = c."contractId" AND r.contract_version = c."contractVersion" AND r.check_id = c."checkId"
          AND (r.${column} IS NULL OR (r.${column}->>'windowStart')::float8 <= (c.evaluation->>'windowStart')::float8)`,
      [JSON.stringify(entries.map(({ window, evaluation }) => ({ runId: window.runId, contractId: window.contractId, contractVersion: window.contractVersion, checkId: window.checkId, evaluation })))],
    );
  }
}

async function upsertWindows(manager: EntityManager, windows: readonly WindowDelta[]): Promise<void> {
  if (windows.length === 0) return;
  await manager.query(
    `INSERT INTO quality.window_results (run_id, source_id, contract_id, contract_version, check_id, metric, thresholds, window_kind, window_start, window_end, segment, records_seen,
                                         segment_overflow_rows, scope, categories, rows_judged, rows_not_evaluated, missing_count, invalid_count, value_count, value_sum, value_min, value_max, value_m2, sketch, quantile, max_ingested_ms, sample_failing_record_ids)
     SELECT "runId", "sourceId", "contractId", "contractVersion", "checkId", metric, thresholds, "windowKind", "windowStart", "windowEnd", segment, "recordsSeen",
            "segmentOverflowRows", scope, categories, rows, "notEvaluated", missing, invalid, "valueCount", "valueSum", "valueMin", "valueMax", "valueM2", sketch, quantile, "maxIngestedMs", "sampleFailingRecordIds"
       FROM jsonb_to_recordset($1::jsonb) AS v("runId" uuid, "sourceId" text, "contractId" text, "contractVersion" text, "checkId" text, metric text, thresholds jsonb,
            "windowKind" text, "windowStart" bigint, "windowEnd" bigint, segment text, "recordsSeen" bigint, "segmentOverflowRows" bigint, scope jsonb, categories jsonb, rows bigint, "notEvaluated" bigint, missing bigint, invalid bigint, "valueCount" bigint,
            "valueSum" float8, "valueMin" float8, "valueMax" float8, "valueM2" float8, sketch jsonb, quantile float8, "maxIngestedMs" bigint, "sampleFailingRecordIds" uuid[])
      ORDER BY 1, 3, 4, 5, 9, 11
     ON CONFLICT (run_id, contract_id, contract_version, check_id, window_start, segment) DO UPDATE SET
       window_end = CASE WHEN window_results.window_end < 0 THEN EXCLUDED.window_end ELSE window_results.window_end END,
       rows_judged = window_results.rows_judged + EXCLUDED.rows_judged,
       records_seen = window_results.records_seen + EXCLUDED.records_seen,
       segment_overflow_rows = window_results.segment_overflow_rows + EXCLUDED.segment_overflow_rows,
       categories = CASE WHEN EXCLUDED.categories IS NULL THEN window_results.categories ELSE quality.merge_categories(window_results.categories, EXCLUDED.categories, ${CATEGORY_LIMIT}) END,
       rows_not_evaluated = window_results.rows_not_evaluated + EXCLUDED.rows_not_evaluated,
       missing_count = window_results.missing_count + EXCLUDED.missing_count,
       invalid_count = window_results.invalid_count + EXCLUDED.invalid_count,
       value_count = window_results.value_count + EXCLUDED.value_count,
       -- Chan et al., from the stored count and sum (every SET expression reads the row as it was).
       value_m2 = window_results.value_m2 + EXCLUDED.value_m2 + CASE WHEN window_results.value_count = 0 OR EXCLUDED.value_count = 0 THEN 0
         ELSE power(EXCLUDED.value_sum / EXCLUDED.value_count - window_results.value_sum / window_results.value_count, 2)
              * window_results.value_count * EXCLUDED.value_count / (window_results.value_count + EXCLUDED.value_count) END,
       -- Only percentile checks keep a sketch: the others skip the merge function.
       sketch = CASE WHEN EXCLUDED.sketch IS NULL THEN window_results.sketch ELSE quality.merge_sketch(window_results.sketch, EXCLUDED.sketch) END,
       value_sum = window_results.value_sum + EXCLUDED.value_sum,
       value_min = LEAST(window_results.value_min, EXCLUDED.value_min),
       value_max = GREATEST(window_results.value_max, EXCLUDED.value_max),
       max_ingested_ms = GREATEST(window_results.max_ingested_ms, EXCLUDED.max_ingested_ms),
       sample_failing_record_ids = (window_results.sample_failing_record_ids || EXCLUDED.sample_failing_record_ids)[1:${MAX_WINDOW_SAMPLE}],
       last_evaluated_at = now()`,
    [JSON.stringify(windows.map(({ state, segmentLimit: _segmentLimit, ...window }) => ({ ...window, ...state, checkId: boundedIndexText(window.checkId) })))],
  );
}
