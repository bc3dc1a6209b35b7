import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CheckResult } from '../checks/record-checker';
import type { ContractMissingReason, NewQuarantinedRecord, StoredEnvelope } from '../validation/quarantined-record.entity';

export type QuarantineStatus = 'quarantined' | 'released' | 'all';

/** Which quarantined records: a source, a run, a failed check id. */
export interface QuarantineFilter {
  sourceId?: string;
  runId?: string;
  checkId?: string;
}

/** A stored row as the API and the replay read it (times as PostgreSQL text, to the microsecond). */
export interface QuarantineRow {
  recordId: string;
  sourceId: string;
  runId: string;
  positionIndex: number;
  contractId: string;
  contractVersion: string;
  reasons: Array<CheckResult | ContractMissingReason>;
  notEvaluated: CheckResult[];
  payload: Record<string, unknown>;
  envelope: StoredEnvelope | null;
  quarantinedAt: string;
  releasedAt: string | null;
  releasedContractId: string | null;
  releasedContractVersion: string | null;
  replayCount: number;
  lastReplayedAt: string | null;
}

const UTC_MICROSECONDS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', ${UTC_MICROSECONDS})`;

/** The columns of a `quality.quarantined_records` row as a QuarantineRow. */
export const QUARANTINE_COLUMNS = `record_id AS "recordId", source_id AS "sourceId", run_id AS "runId", position_index AS "positionIndex",
  contract_id AS "contractId", contract_version AS "contractVersion", reasons, not_evaluated AS "notEvaluated", payload, envelope,
  ${utc('quarantined_at')} AS "quarantinedAt", ${utc('released_at')} AS "releasedAt", released_contract_id AS "releasedContractId",
  released_contract_version AS "releasedContractVersion", replay_count AS "replayCount", ${utc('last_replayed_at')} AS "lastReplayedAt"`;

/** `$1` source, `$2` run, `$3` a failed check id (as a jsonb containment of the reasons). */
const FILTER = `($1::text IS NULL OR source_id = $1) AND ($2::uuid IS NULL OR run_id = $2) AND ($3::jsonb IS NULL OR reasons @> $3::jsonb)`;

function filterParameters(filter: QuarantineFilter): unknown[] {
  return [filter.sourceId ?? null, filter.runId ?? null, filter.checkId === undefined ? null : JSON.stringify([{ checkId: filter.checkId }])];
}

/** A record a replay released: the contract version that found it valid. */
export interface ReleasedRecord {
  recordId: string;
  contractId: string;
  contractVersion: string;
}

/** Reads and updates `quality.quarantined_records` for the API; the stream only inserts (validation/). */
@Injectable()
export class QuarantineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page in quarantine order after the cursor; `limit + 1` rows are read to tell whether more follow. */
  async list(filter: QuarantineFilter, status: QuarantineStatus, cursor: { quarantinedAt: string; recordId: string } | undefined, limit: number): Promise<QuarantineRow[]> {
    const statusClause = status === 'all' ? 'TRUE' : status === 'released' ? 'released_at IS NOT NULL' : 'released_at IS NULL';
    return this.dataSource.query(
      `SELECT ${QUARANTINE_COLUMNS} FROM quality.quarantined_records
        WHERE ${FILTER} AND ${statusClause} AND ($4::timestamptz IS NULL OR (quarantined_at, record_id) > ($4::timestamptz, $5::uuid))
        ORDER BY quarantined_at, record_id LIMIT $6`,
      [...filterParameters(filter), cursor?.quarantinedAt ?? null, cursor?.recordId ?? null, limit + 1],
    );
  }

  async find(recordId: string): Promise<QuarantineRow | undefined> {
    const rows: QuarantineRow[] = await this.dataSource.query(`SELECT ${QUARANTINE_COLUMNS} FROM quality.quarantined_records WHERE record_id = $1`, [recordId]);
    return rows[0];
  }

  /** Still-quarantined records of a selection in record id order after `afterRecordId` (replays page through them). */
  pendingPage(filter: QuarantineFilter, afterRecordId: string | undefined, limit: number): Promise<QuarantineRow[]> {
    return this.dataSource.query(
      `SELECT ${QUARANTINE_COLUMNS} FROM quality.quarantined_records
        WHERE ${FILTER} AND released_at IS NULL AND ($4::uuid IS NULL OR record_id > $4::uuid)
        ORDER BY record_id LIMIT $5`,
      [...filterParameters(filter), afterRecordId ?? null, limit],
    );
  }

  /**
   * Marks records released once: a record already released (by a concurrent replay) is left as it
   * is and not counted. Returns the ids this call released. `manager`: inside the caller's transaction.
   */
  async markReleased(records: readonly ReleasedRecord[], manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    if (records.length === 0) return [];
    const rows: Array<{ record_id: string }> = await manager.query(
      // A CTE: TypeORM answers a bare UPDATE … RETURNING with [rows, count], a SELECT with rows.
      `WITH released AS (
         UPDATE quality.quarantined_records q
            SET released_at = now(), released_contract_id = v.contract_id, released_contract_version = v.contract_version,
                replay_count = q.replay_count + 1, last_replayed_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS v(record_id uuid, contract_id text, contract_version text)
          WHERE q.record_id = v.record_id AND q.released_at IS NULL
          RETURNING q.record_id)
       SELECT record_id::text AS record_id FROM released`,
      [JSON.stringify(records.map((record) => ({ record_id: record.recordId, contract_id: record.contractId, contract_version: record.contractVersion })))],
    );
    return rows.map((row) => row.record_id);
  }

  /** Records a replay judged invalid again: the new reasons and the contract version that gave them. Returns how many rows it updated. */
  async recordStillQuarantined(records: readonly NewQuarantinedRecord[], manager: EntityManager = this.dataSource.manager): Promise<number> {
    if (records.length === 0) return 0;
    const rows: unknown[] = await manager.query(
      `WITH kept AS (
         UPDATE quality.quarantined_records q
            SET reasons = v.reasons, not_evaluated = v.not_evaluated, contract_id = v.contract_id, contract_version = v.contract_version,
                replay_count = q.replay_count + 1, last_replayed_at = now()
           FROM jsonb_to_recordset($1::jsonb) AS v(record_id uuid, contract_id text, contract_version text, reasons jsonb, not_evaluated jsonb)
          WHERE q.record_id = v.record_id AND q.released_at IS NULL
          RETURNING q.record_id)
       SELECT record_id FROM kept`,
      [
        JSON.stringify(
          records.map((record) => ({
            record_id: record.recordId,
            contract_id: record.contractId,
            contract_version: record.contractVersion,
            reasons: record.reasons,
            not_evaluated: record.notEvaluated,
          })),
        ),
      ],
    );
    return rows.length;
  }
}
