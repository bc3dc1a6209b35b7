/**
 * Judges the windows of anomaly detection checks as they close (in the window store's transaction):
 * each window's value against the history of its series — the earlier closed windows of the same
 * source, check, metric and segment (a group-by check follows each value of its column as its own
 * series; '' is the overall one), newest MAX_ANOMALY_HISTORY read — and fixes its outcome: the
 * rule's level when anomalous, pass when not, not evaluated when the history is too short.
 */

import type { EntityManager } from 'typeorm';
import { windowAlertIdentity, type AlertedWindow } from '../alerts/window-alert';
import type { WindowOutcomeKind } from '../windows/aggregate-check';
import { MAX_ANOMALY_HISTORY, type AnomalyRule } from './anomaly-rule';
import { evaluateAnomaly, type AnomalyEvaluation, type SeriesPoint } from './seasonal-anomaly';

const ANOMALY_ALERT_NAMESPACE = '3a9d6e2f-4b1c-4d8e-9f7a-6c2b0e5d1a84';

/** A stored evaluation: the window's point in time besides the evaluation (what charts draw). */
export interface StoredAnomaly extends AnomalyEvaluation {
  /** The window's latest ingestion time, ISO 8601: the point's time, whose UTC weekday is its season. */
  at: string;
  windowStart: number;
}

/** What judging needs of a closing window. */
export interface ClosingAnomalyWindow {
  window: AlertedWindow & {
    metric: string;
    quantile: number | null;
    thresholds: { anomaly?: AnomalyRule };
    state: { maxIngestedMs: number | null };
  };
  outcome: WindowOutcomeKind;
  measuredValue: number | null;
  anomaly?: StoredAnomaly;
}

/** What the webhook receives for an anomalous window: the value, its band and score; never a record's value. */
export interface AnomalyAlertPayload {
  alertId: string;
  type: 'anomaly';
  sourceId: string;
  runId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  checkName: string;
  field: string;
  level: AnomalyRule['level'];
  metric: string;
  measuredValue: number;
  expected: number;
  lower: number;
  upper: number;
  score: number;
  at: string;
  window: { kind: string; start: number; end: number };
  /** A group-by check's segment: the column and its value (a segment's series). */
  segment?: { field: string; value: unknown };
}

const seriesKey = (window: ClosingAnomalyWindow['window']) => JSON.stringify([window.sourceId, window.checkId, window.metric, window.quantile, window.segment ?? '']);

/**
 * Sets the outcome and evaluation of each closing anomaly window with a value, reading each
 * series' history once (one query for all); windows of one series closing together are judged
 * oldest first, each with the ones before it.
 */
export async function judgeAnomalies(manager: EntityManager, closing: ClosingAnomalyWindow[]): Promise<void> {
  const judged = closing.filter((entry) => entry.window.thresholds.anomaly && entry.measuredValue !== null && entry.window.state.maxIngestedMs !== null);
  if (judged.length === 0) return;
  const series = new Map<string, { window: ClosingAnomalyWindow['window']; latestMs: number; history: SeriesPoint[] }>();
  for (const { window } of judged) {
    const entry = series.get(seriesKey(window));
    if (!entry) series.set(seriesKey(window), { window, latestMs: window.state.maxIngestedMs!, history: [] });
    else entry.latestMs = Math.max(entry.latestMs, window.state.maxIngestedMs!);
  }
  const list = [...series.values()];
  const rows: Array<{ ordinal: string; at: number; value: number }> = await manager.query(
    `SELECT s.ordinal::text AS ordinal, h.at, h.value
       FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::bigint[], $7::text[]) WITH ORDINALITY AS s(source_id, check_id, metric, quantile, latest_ms, segment, ordinal)
      CROSS JOIN LATERAL (
        SELECT w.max_ingested_ms::float8 AS at, w.measured_value AS value FROM quality.window_results w
         WHERE w.source_id = s.source_id AND w.check_id = s.check_id AND w.segment = s.segment AND w.metric = s.metric AND w.quantile IS NOT DISTINCT FROM s.quantile
           AND w.closed_at IS NOT NULL AND w.measured_value IS NOT NULL AND w.max_ingested_ms IS NOT NULL AND w.max_ingested_ms <= s.latest_ms
         ORDER BY w.max_ingested_ms DESC LIMIT $6) h
      ORDER BY s.ordinal, h.at`,
    [list.map((entry) => entry.window.sourceId), list.map((entry) => entry.window.checkId), list.map((entry) => entry.window.metric), list.map((entry) => entry.window.quantile), list.map((entry) => entry.latestMs), MAX_ANOMALY_HISTORY, list.map((entry) => entry.window.segment ?? '')],
  );
  for (const row of rows) list[Number(row.ordinal) - 1].history.push({ at: row.at, value: row.value });
  judged.sort((left, right) => left.window.state.maxIngestedMs! - right.window.state.maxIngestedMs! || left.window.windowStart - right.window.windowStart);
  for (const entry of judged) {
    const { history } = series.get(seriesKey(entry.window))!;
    const at = entry.window.state.maxIngestedMs!;
    const earlier = history.filter((point) => point.at <= at).slice(-MAX_ANOMALY_HISTORY);
    const rule = entry.window.thresholds.anomaly!;
    const evaluation = evaluateAnomaly(earlier, { at, value: entry.measuredValue! }, rule);
    entry.anomaly = { ...evaluation, at: new Date(at).toISOString(), windowStart: entry.window.windowStart };
    entry.outcome = !evaluation.evaluated ? 'not_evaluated' : evaluation.anomalous ? rule.level : 'pass';
    history.push({ at, value: entry.measuredValue! });
    history.sort((left, right) => left.at - right.at);
  }
}

/**
 * One alert per anomalous window (a segment's window: with its segment); its id is derived from
 * the window (and segment), so a retried batch fires nothing twice.
 */
export function anomalyAlertOf(entry: ClosingAnomalyWindow, segment?: AnomalyAlertPayload['segment']): AnomalyAlertPayload | undefined {
  const { window, anomaly } = entry;
  if (!anomaly?.anomalous || !window.thresholds.anomaly) return undefined;
  return {
    ...windowAlertIdentity(window, ANOMALY_ALERT_NAMESPACE),
    type: 'anomaly',
    level: window.thresholds.anomaly.level,
    metric: window.metric,
    measuredValue: anomaly.value,
    expected: anomaly.expected!,
    lower: anomaly.lower!,
    upper: anomaly.upper!,
    score: anomaly.score!,
    at: anomaly.at,
    ...(segment ? { segment } : {}),
  };
}
