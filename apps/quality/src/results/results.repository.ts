import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { boundedIndexText, PreparedStatement, queryPrepared } from '@atlas/database';
import { firedAlerts, type StoredCheckState } from '../alerts/fired-alerts';
import type { StoredAnomaly } from '../anomalies/anomaly-judgement';
import { completedNow, scoreAlertOf, type CompletedRun } from '../alerts/score-alerts';
import type { RecordJudgement } from '../validation/record-judgement';
import type { AggregateMetric, AggregateParameters, WindowOutcomeKind, WindowState } from '../windows/aggregate-check';
import { accumulateWindows } from '../windows/window-accumulator';
import { addWindowDeltas } from '../windows/window-store';
import type { StoredDrift } from '../windows/drift-judgement';
import type { WindowScope } from '../windows/window-accumulator';
import { accumulateResults, MAX_SAMPLE_FAILING_RECORDS, type CheckResultDelta, type DuplicateCandidate, type RunResultDelta } from './run-results';

function compareKeys(left: DuplicateCandidate, right: DuplicateCandidate): number {
  return left.check.sourceId.localeCompare(right.check.sourceId) || left.check.checkId.localeCompare(right.check.checkId) || left.keyHash.localeCompare(right.keyHash);
}

/** A stored check result (counts over the run so far). */
export interface CheckResultRow extends Omit<CheckResultDelta, 'rowsTested' | 'rowsFailed' | 'rowsNotEvaluated'> {
  rowsTested: number;
  rowsFailed: number;
  rowsNotEvaluated: number;
  /** Aggregate checks: closed windows by outcome, and their merged state (the run's measured value, check-outcome.ts). */
  windowsEvaluated: number;
  windowsWarned: number;
  windowsFailed: number;
  closedWindows: WindowState;
  /** Anomaly detection checks: the evaluation of the run's latest closed window (null before one). */
  lastAnomaly: StoredAnomaly | null;
  /** Distribution drift checks: the evaluation of the run's latest closed overall window (null before one). */
  lastDrift?: StoredDrift | null;
  /** Group-by checks: their segments' closed windows by outcome, and the records no segment got. */
  segmentWindowsEvaluated?: number;
  segmentWindowsWarned?: number;
  segmentWindowsFailed?: number;
  segmentOverflowRows?: number;
  firstEvaluatedAt: string;
  lastEvaluatedAt: string;
}

/** A stored window of an aggregate check (windows/window-store.ts). */
export interface WindowResultRow extends WindowState {
  runId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  metric: AggregateMetric;
  thresholds: AggregateParameters['thresholds'];
  quantile: number | null;
  windowKind: string;
  windowStart: number;
  windowEnd: number;
  sampleFailingRecordIds: string[];
  outcome: WindowOutcomeKind | null;
  measuredValue: number | null;
  closedAt: string | null;
  /** Anomaly detection checks: the evaluation fixed when the window closed. */
  anomaly: StoredAnomaly | null;
  /** '' for a check's overall window, else its segment's group-by value as JSON. */
  segment: string;
  recordsSeen: number;
  segmentOverflowRows: number;
  scope: WindowScope | null;
  /** Distribution drift checks: the evaluation fixed when the window closed. */
  drift: StoredDrift | null;
}

/** The sort key of a run's window: contract, version, check, window start (ms) and segment ('' for the overall window). */
export type RunWindowKey = [contractId: string, contractVersion: string, checkId: string, windowStart: number, segment: string];

/** A closed window of an anomaly detection check: one point of its series, with its band. */
export interface AnomalyPointRow {
  runId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  metric: string;
  quantile: number | null;
  windowKind: string;
  windowStart: number;
  windowEnd: number;
  outcome: WindowOutcomeKind;
  anomaly: StoredAnomaly;
  maxIngestedMs: number;
  /** '' for the check's overall series; a group-by value as JSON for a segment's. */
  segment: string;
  scope: { groupBy?: string } | null;
}

/** The sort key of an anomaly point: its window's latest ingestion (ms), run, contract, version, check, window start and segment. */
export type AnomalyPointKey = [maxIngestedMs: number, runId: string, contractId: string, contractVersion: string, checkId: string, windowStart: number, segment: string];

/** The sort key of a check result in its history: last evaluated (UTC, microseconds), run, contract, version, check. */
export type CheckResultKey = [lastEvaluatedAt: string, runId: string, contractId: string, contractVersion: string, checkId: string];

export interface RunResultRow extends RunResultDelta {
  firstJudgedAt: string;
  lastJudgedAt: string;
}

/**
 * Claims each candidate key for its record and returns the record owning it, in one statement: a key
 * already stored keeps its first record, which the no-op update locks and returns as last committed
 * (a key another batch is claiming right now is waited for). The hashes travel as char(32), the
 * column's type. Keys must be distinct within the statement (an upsert cannot touch a row twice).
 */
export const CLAIM_DUPLICATE_KEYS = new PreparedStatement(`INSERT INTO quality.duplicate_keys AS k (source_id, check_id, key_hash, first_record_id)
  SELECT * FROM unnest($1::text[], $2::text[], $3::char(32)[], $4::uuid[])
  ON CONFLICT (source_id, check_id, key_hash) DO UPDATE SET first_record_id = k.first_record_id
  RETURNING k.source_id, k.check_id, k.key_hash, k.first_record_id::text AS first_record_id`);

const UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const CHECK_COLUMNS = `run_id AS "runId", source_id AS "sourceId", contract_id AS "contractId", contract_version AS "contractVersion",
  check_id AS "checkId", check_name AS "checkName", check_type AS "checkType", field, level, dimension,
  rows_tested::float8 AS "rowsTested", rows_failed::float8 AS "rowsFailed", rows_not_evaluated::float8 AS "rowsNotEvaluated",
  sample_failing_record_ids::text[] AS "sampleFailingRecordIds", threshold, unit, windows_evaluated::float8 AS "windowsEvaluated",
  windows_warned::float8 AS "windowsWarned", windows_failed::float8 AS "windowsFailed",
  json_build_object('rows', closed_rows_judged, 'notEvaluated', closed_rows_not_evaluated, 'missing', closed_missing_count, 'invalid', closed_invalid_count,
    'valueCount', closed_value_count, 'valueSum', closed_value_sum, 'valueMin', closed_value_min, 'valueMax', closed_value_max, 'valueM2', closed_value_m2, 'sketch', closed_sketch,
    'maxIngestedMs', closed_max_ingested_ms) AS "closedWindows", last_anomaly AS "lastAnomaly", last_drift AS "lastDrift",
  segment_windows_evaluated::float8 AS "segmentWindowsEvaluated", segment_windows_warned::float8 AS "segmentWindowsWarned",
  segment_windows_failed::float8 AS "segmentWindowsFailed", segment_overflow_rows::float8 AS "segmentOverflowRows",
  ${UTC('first_evaluated_at')} AS "firstEvaluatedAt", ${UTC('last_evaluated_at')} AS "lastEvaluatedAt"`;

/** What the alerts need of a stored check result (alerts/fired-alerts.ts). */
const STATE_COLUMNS = `run_id AS "runId", source_id AS "sourceId", contract_id AS "contractId", contract_version AS "contractVersion", check_id AS "checkId",
  check_name AS "checkName", check_type AS "checkType", field, level, rows_tested::float8 AS "rowsTested", rows_failed::float8 AS "rowsFailed", threshold, unit,
  sample_failing_record_ids::text[] AS "sampleFailingRecordIds"`;

const RUN_COLUMNS = `run_id AS "runId", source_id AS "sourceId", contract_id AS "contractId", contract_version AS "contractVersion",
  expected_records AS "expectedRecords", records_judged::float8 AS "recordsJudged", records_quarantined::float8 AS "recordsQuarantined",
  ${UTC('first_judged_at')} AS "firstJudgedAt", ${UTC('last_judged_at')} AS "lastJudgedAt"`;

// The statements of every batch, prepared.
const CLAIM_JUDGED_RECORDS = new PreparedStatement(
  `INSERT INTO quality.judged_records (record_id, run_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])
   ON CONFLICT (record_id) DO NOTHING RETURNING record_id`,
);
const ADD_RUN_RESULTS = new PreparedStatement(
  `INSERT INTO quality.run_results (run_id, source_id, contract_id, contract_version, expected_records, records_judged, records_quarantined)
   SELECT "runId", "sourceId", "contractId", "contractVersion", "expectedRecords", "recordsJudged", "recordsQuarantined"
     FROM jsonb_to_recordset($1::jsonb) AS v("runId" uuid, "sourceId" text, "contractId" text, "contractVersion" text, "expectedRecords" integer, "recordsJudged" bigint, "recordsQuarantined" bigint)
    ORDER BY 1, 3, 4
   ON CONFLICT (run_id, contract_id, contract_version) DO UPDATE SET
     records_judged = run_results.records_judged + EXCLUDED.records_judged,
     records_quarantined = run_results.records_quarantined + EXCLUDED.records_quarantined,
     expected_records = COALESCE(EXCLUDED.expected_records, run_results.expected_records),
     last_judged_at = now()
   RETURNING run_id AS "runId", source_id AS "sourceId", contract_id AS "contractId", contract_version AS "contractVersion",
             expected_records AS "expectedRecords", records_judged::float8 AS "recordsJudged"`,
);
const ADD_CHECK_RESULTS = new PreparedStatement(
  `INSERT INTO quality.check_results (run_id, source_id, contract_id, contract_version, check_id, check_name, check_type, field, level, dimension,
                                      rows_tested, rows_failed, rows_not_evaluated, sample_failing_record_ids, threshold, unit)
   SELECT "runId", "sourceId", "contractId", "contractVersion", "checkId", "checkName", "checkType", field, level, dimension,
          "rowsTested", "rowsFailed", "rowsNotEvaluated", "sampleFailingRecordIds", threshold, unit
     FROM jsonb_to_recordset($1::jsonb) AS v("runId" uuid, "sourceId" text, "contractId" text, "contractVersion" text, "checkId" text, "checkName" text,
          "checkType" text, field text, level text, dimension text, "rowsTested" bigint, "rowsFailed" bigint, "rowsNotEvaluated" bigint,
          "sampleFailingRecordIds" uuid[], threshold jsonb, unit text)
    ORDER BY 1, 3, 4, 5
   ON CONFLICT (run_id, contract_id, contract_version, check_id) DO UPDATE SET
     rows_tested = check_results.rows_tested + EXCLUDED.rows_tested,
     rows_failed = check_results.rows_failed + EXCLUDED.rows_failed,
     rows_not_evaluated = check_results.rows_not_evaluated + EXCLUDED.rows_not_evaluated,
     sample_failing_record_ids = (check_results.sample_failing_record_ids || EXCLUDED.sample_failing_record_ids)[1:${MAX_SAMPLE_FAILING_RECORDS}],
     last_evaluated_at = now()
   RETURNING ${STATE_COLUMNS}`,
);

/** Stores and reads check results per run (`quality.run_results`, `quality.check_results`). */
@Injectable()
export class ResultsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Adds judged records to their runs' results, each record once: in one transaction the record ids
   * are claimed in `quality.judged_records`, and only the records claimed now are counted, so a
   * redelivered batch adds nothing. Rows are written in key order (concurrent batches of one run
   * lock them in the same order). With `fireAlerts`, the checks this batch turned to fail are
   * written to the alert outbox in the same transaction; with `scoreAlertBelow` too, the runs this
   * batch completed whose score is below it.
   */
  async addJudged(judgements: readonly RecordJudgement[], options: { fireAlerts: boolean; scoreAlertBelow?: number } = { fireAlerts: false }): Promise<void> {
    if (judgements.length === 0) return;
    await this.dataSource.transaction(async (manager) => {
      const claimed: Array<{ record_id: string }> = await queryPrepared(manager, CLAIM_JUDGED_RECORDS, [
        judgements.map((judgement) => judgement.record.recordId),
        judgements.map((judgement) => judgement.record.runId),
      ]);
      if (claimed.length === 0) return;
      const fresh = new Set(claimed.map((row) => row.record_id));
      const freshJudgements = judgements.filter((judgement) => fresh.has(judgement.record.recordId));
      const { runs, checks, duplicateCandidates } = accumulateResults(freshJudgements);
      await this.countDuplicates(manager, duplicateCandidates);
      const runsAfter: Array<CompletedRun & { expectedRecords: number | null; recordsJudged: number }> = await queryPrepared(manager, ADD_RUN_RESULTS, [JSON.stringify(runs)]);
      if (checks.length === 0) return;
      const stored: StoredCheckState[] = await queryPrepared(manager, ADD_CHECK_RESULTS, [
        // Check ids are indexed: a contract's long rule id is bounded (start + hash) rather than refused.
        JSON.stringify(checks.map((check) => ({ ...check, checkId: boundedIndexText(check.checkId) }))),
      ]);
      if (options.fireAlerts) await this.enqueueAlerts(manager, stored, checks);
      const { windows, watermarks } = accumulateWindows(freshJudgements);
      await addWindowDeltas(manager, windows, watermarks, options.fireAlerts);
      if (options.fireAlerts && options.scoreAlertBelow !== undefined) {
        const runKey = (run: Pick<CompletedRun, 'runId' | 'contractId' | 'contractVersion'>) => JSON.stringify([run.runId, run.contractId, run.contractVersion]);
        const judgedInBatch = new Map(runs.map((run) => [runKey(run), run.recordsJudged]));
        const completed = runsAfter.filter((run) => completedNow(run, judgedInBatch.get(runKey(run)) ?? 0));
        await this.enqueueScoreAlerts(manager, completed, options.scoreAlertBelow);
      }
    });
  }

  /** Score alerts of the runs this batch completed (after their windows closed, so their results are final). */
  private async enqueueScoreAlerts(manager: EntityManager, completed: readonly CompletedRun[], threshold: number): Promise<void> {
    if (completed.length === 0) return;
    const rows: CheckResultRow[] = await manager.query(
      `SELECT ${CHECK_COLUMNS} FROM quality.check_results
         JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS c(run_id, contract_id, contract_version) USING (run_id, contract_id, contract_version)`,
      [completed.map((run) => run.runId), completed.map((run) => run.contractId), completed.map((run) => run.contractVersion)],
    );
    const alerts = completed.flatMap((run) => {
      const checks = rows.filter((row) => row.runId === run.runId && row.contractId === run.contractId && row.contractVersion === run.contractVersion);
      return scoreAlertOf(run, checks, threshold) ?? [];
    });
    if (alerts.length === 0) return;
    await manager.query(`INSERT INTO quality.alerts (alert_id, payload) SELECT * FROM unnest($1::uuid[], $2::jsonb[]) ON CONFLICT (alert_id) DO NOTHING`, [
      alerts.map((alert) => alert.alertId),
      alerts.map((alert) => JSON.stringify(alert)),
    ]);
  }

  /** Alerts of the checks this batch turned to fail, in the same transaction (outbox; alerts/alert-dispatcher.ts sends them). */
  private async enqueueAlerts(manager: EntityManager, stored: StoredCheckState[], checks: CheckResultDelta[]): Promise<void> {
    const keyOf = (check: { runId: string; contractId: string; contractVersion: string; checkId: string }) => JSON.stringify([check.runId, check.contractId, check.contractVersion, check.checkId]);
    const deltas = new Map(checks.map((check) => [keyOf({ ...check, checkId: boundedIndexText(check.checkId) }), check]));
    const alerts = firedAlerts(stored, deltas, keyOf);
    if (alerts.length === 0) return;
    await manager.query(
      `INSERT INTO quality.alerts (alert_id, payload) SELECT * FROM unnest($1::uuid[], $2::jsonb[]) ON CONFLICT (alert_id) DO NOTHING`,
      [alerts.map((alert) => alert.alertId), alerts.map((alert) => JSON.stringify(alert))],
    );
  }

  /**
   * Duplicates checks: each candidate key is claimed in `quality.duplicate_keys` (the first record
   * keeps it) and its owner returned, in one statement; a candidate whose key belongs to another
   * record is a duplicate. Keys are written in key order so concurrent batches lock them in the same order.
   */
  private async countDuplicates(manager: EntityManager, candidates: readonly DuplicateCandidate[]): Promise<void> {
    if (candidates.length === 0) return;
    const keyOf = (sourceId: string, checkId: string, keyHash: string) => `${sourceId}\u0000${checkId}\u0000${keyHash}`;
    const keyed = candidates.map((candidate) => ({ candidate, key: keyOf(candidate.check.sourceId, boundedIndexText(candidate.check.checkId), candidate.keyHash) }));
    // The first candidate of each key in key order claims it (the sort is stable: the batch's first record).
    const claims = new Map<string, DuplicateCandidate>();
    for (const { candidate, key } of [...keyed].sort((left, right) => compareKeys(left.candidate, right.candidate))) {
      if (!claims.has(key)) claims.set(key, candidate);
    }
    const claiming = [...claims.values()];
    const owners: Array<{ source_id: string; check_id: string; key_hash: string; first_record_id: string }> = await queryPrepared(manager, CLAIM_DUPLICATE_KEYS, [
      claiming.map((candidate) => candidate.check.sourceId),
      claiming.map((candidate) => boundedIndexText(candidate.check.checkId)),
      claiming.map((candidate) => candidate.keyHash),
      claiming.map((candidate) => candidate.recordId),
    ]);
    const ownerOf = new Map(owners.map((owner) => [keyOf(owner.source_id, owner.check_id, owner.key_hash), owner.first_record_id]));
    for (const { candidate, key } of keyed) {
      const owner = ownerOf.get(key);
      if (owner === undefined || owner === candidate.recordId) continue;
      candidate.check.rowsFailed += 1;
      if (candidate.check.sampleFailingRecordIds.length < MAX_SAMPLE_FAILING_RECORDS) candidate.check.sampleFailingRecordIds.push(candidate.recordId);
    }
  }

  /**
   * The windows of a run's aggregate checks, by contract, version, check, window start then segment
   * (the primary key), after `after`: state, and outcome once closed.
   */
  windowsOfRun(runId: string, after: RunWindowKey | undefined, limit: number): Promise<WindowResultRow[]> {
    return this.dataSource.query(
      `SELECT run_id AS "runId", source_id AS "sourceId", contract_id AS "contractId", contract_version AS "contractVersion", check_id AS "checkId", metric, thresholds,
              window_kind AS "windowKind", window_start::float8 AS "windowStart", window_end::float8 AS "windowEnd", rows_judged::float8 AS "rows",
              rows_not_evaluated::float8 AS "notEvaluated", missing_count::float8 AS "missing", invalid_count::float8 AS "invalid", value_count::float8 AS "valueCount",
              value_sum AS "valueSum", value_min AS "valueMin", value_max AS "valueMax", value_m2 AS "valueM2", sketch, quantile,
              max_ingested_ms::float8 AS "maxIngestedMs",
              sample_failing_record_ids::text[] AS "sampleFailingRecordIds", outcome, measured_value AS "measuredValue",
              CASE WHEN closed_at IS NULL THEN NULL ELSE ${UTC('closed_at')} END AS "closedAt", anomaly, segment, records_seen::float8 AS "recordsSeen",
              segment_overflow_rows::float8 AS "segmentOverflowRows", scope, drift, categories
         FROM quality.window_results
        WHERE run_id = $1
          AND ($2::text IS NULL OR (contract_id, contract_version, check_id, window_start, segment COLLATE "C") > ($2::text, $3::text, $4::text, $5::bigint, $6::text COLLATE "C"))
        ORDER BY contract_id, contract_version, check_id, window_start, segment COLLATE "C" LIMIT $7`,
      [runId, ...(after ?? [null, null, null, null, null]), limit],
    );
  }

  runsOf(runId: string): Promise<RunResultRow[]> {
    return this.dataSource.query(`SELECT ${RUN_COLUMNS} FROM quality.run_results WHERE run_id = $1 ORDER BY first_judged_at, contract_id, contract_version`, [runId]);
  }

  checksOfRun(runId: string): Promise<CheckResultRow[]> {
    return this.dataSource.query(`SELECT ${CHECK_COLUMNS} FROM quality.check_results WHERE run_id = $1 ORDER BY contract_id, contract_version, check_id`, [runId]);
  }

  /** The check results of a source's most recent runs (by last judgement), newest run first. */
  checksOfRecentRuns(sourceId: string, runs: number): Promise<Array<CheckResultRow & { runJudgedAt: string }>> {
    return this.dataSource.query(
      `WITH recent AS (
         SELECT run_id, max(last_judged_at) AS judged_at FROM quality.run_results WHERE source_id = $1 GROUP BY run_id ORDER BY judged_at DESC LIMIT $2
       )
       SELECT ${CHECK_COLUMNS}, ${UTC('recent.judged_at')} AS "runJudgedAt"
         FROM quality.check_results JOIN recent USING (run_id)
        WHERE source_id = $1
        ORDER BY recent.judged_at DESC, run_id, check_id`,
      [sourceId, runs],
    );
  }

  /**
   * A source's check results (optionally one check), the latest evaluated first: its history, by
   * keyset after `after` (the sort key of the last result served). All columns descending, so the
   * row comparison follows the index order; the primary key makes the order total.
   */
  history(sourceId: string, checkId: string | undefined, after: CheckResultKey | undefined, limit: number): Promise<CheckResultRow[]> {
    return this.dataSource.query(
      `SELECT ${CHECK_COLUMNS} FROM quality.check_results
        WHERE source_id = $1 AND ($2::text IS NULL OR check_id = $2)
          AND ($3::timestamptz IS NULL OR (last_evaluated_at, run_id, contract_id, contract_version, check_id) < ($3::timestamptz, $4::uuid, $5::text, $6::text, $7::text))
        ORDER BY last_evaluated_at DESC, run_id DESC, contract_id DESC, contract_version DESC, check_id DESC LIMIT $8`,
      [sourceId, checkId === undefined ? null : boundedIndexText(checkId), ...(after ?? [null, null, null, null, null]), limit],
    );
  }

  /**
   * The evaluated windows of a source's anomaly detection checks (optionally one check, only
   * anomalies; a group-by check's segments too), the latest point first, by keyset after `after`;
   * the primary key makes the order total.
   */
  anomalies(sourceId: string, checkId: string | undefined, anomalousOnly: boolean, after: AnomalyPointKey | undefined, limit: number): Promise<AnomalyPointRow[]> {
    return this.dataSource.query(
      `SELECT run_id AS "runId", contract_id AS "contractId", contract_version AS "contractVersion", check_id AS "checkId", metric, quantile,
              window_kind AS "windowKind", window_start::float8 AS "windowStart", window_end::float8 AS "windowEnd", outcome, anomaly,
              max_ingested_ms::float8 AS "maxIngestedMs", segment, scope
         FROM quality.window_results
        WHERE source_id = $1 AND ($2::text IS NULL OR check_id = $2) AND closed_at IS NOT NULL AND measured_value IS NOT NULL AND anomaly IS NOT NULL
          AND max_ingested_ms IS NOT NULL AND (NOT $3::boolean OR (anomaly->>'anomalous')::boolean)
          AND ($4::bigint IS NULL OR (max_ingested_ms, run_id, contract_id, contract_version, check_id, window_start, segment) < ($4::bigint, $5::uuid, $6::text, $7::text, $8::text, $9::bigint, $10::text))
        ORDER BY max_ingested_ms DESC, run_id DESC, contract_id DESC, contract_version DESC, check_id DESC, window_start DESC, segment DESC LIMIT $11`,
      [sourceId, checkId === undefined ? null : boundedIndexText(checkId), anomalousOnly, ...(after ?? [null, null, null, null, null, null, null]), limit],
    );
  }
}
