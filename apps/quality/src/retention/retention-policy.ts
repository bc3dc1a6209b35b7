/**
 * What the retention job deletes (docs/architecture.md, "Retention"): each kind of row, the
 * condition that makes it old (on an indexed time column) and the setting that gives its age.
 */

/** A kind of row the job deletes: `condition` uses $1 (the cutoff); the columns are indexed (migration quality-retention). */
export interface RetainedRows {
  /** Names the rows in reports and the metric label. */
  name: string;
  table: string;
  condition: string;
  /** The SQL expression of a row's source, for reports. */
  source: string;
  setting: 'results' | 'quarantine' | 'duplicates';
}

export const RETAINED_ROWS: readonly RetainedRows[] = [
  // Record ids already counted: a redelivery older than the retention would be counted again.
  { name: 'judged_records', table: 'quality.judged_records', condition: 'judged_at < $1', source: "''", setting: 'results' },
  { name: 'run_results', table: 'quality.run_results', condition: 'last_judged_at < $1', source: 'source_id', setting: 'results' },
  { name: 'check_results', table: 'quality.check_results', condition: 'last_evaluated_at < $1', source: 'source_id', setting: 'results' },
  // Window states, and with them the anomaly history (each series is its closed windows).
  { name: 'window_results', table: 'quality.window_results', condition: 'last_evaluated_at < $1', source: 'source_id', setting: 'results' },
  // The alert outbox: delivered or abandoned alerts only (a pending one is still being retried).
  { name: 'alerts', table: 'quality.alerts', condition: '(delivered_at IS NOT NULL OR abandoned_at IS NOT NULL) AND fired_at < $1', source: "payload->>'sourceId'", setting: 'results' },
  // The duplicate checks' keys: a key first seen longer ago is forgotten (the next record with it is a first one again).
  { name: 'duplicate_keys', table: 'quality.duplicate_keys', condition: 'first_seen_at < $1', source: 'source_id', setting: 'duplicates' },
  // Released records: the audit of why they were quarantined, kept N days after the release.
  { name: 'quarantined_records_released', table: 'quality.quarantined_records', condition: 'released_at IS NOT NULL AND released_at < $1', source: 'source_id', setting: 'quarantine' },
  // Still awaiting replay (held for want of a contract, or failing one): deleted only once N days passed since the quarantine, and reported.
  { name: 'quarantined_records_unreplayed', table: 'quality.quarantined_records', condition: 'released_at IS NULL AND quarantined_at < $1', source: 'source_id', setting: 'quarantine' },
];

export const UNREPLAYED = 'quarantined_records_unreplayed';

const DAY_MS = 24 * 3600 * 1000;

/** The days each setting keeps rows (0: forever). */
export type RetentionDays = Record<RetainedRows['setting'], number>;

/** The cutoff of each setting: rows older than it go; undefined when the setting is 0 (kept forever). */
export function retentionCutoffs(days: RetentionDays, nowMs: number): Record<RetainedRows['setting'], Date | undefined> {
  const cutoff = (count: number) => (count === 0 ? undefined : new Date(nowMs - count * DAY_MS));
  return { results: cutoff(days.results), quarantine: cutoff(days.quarantine), duplicates: cutoff(days.duplicates) };
}

/** What one run of the job deleted: rows per kind, and the unreplayed records per source. */
export interface RetentionReport {
  deleted: Record<string, number>;
  unreplayedBySource: Record<string, number>;
  /** True when a kind hit the per-run bound: the next run goes on. */
  more: boolean;
}
