import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { chunksOf, markCounted } from './counted-positions';
import { addHandledRecords, HandledRecord, MaskingPolicy, StageRunState, StageRunStatus } from './stage-run-progress';

/** The schema of the service that owns `lineage_stage_runs` (connector, pii_detection, quality). */
export const STAGE_RUN_SCHEMA = Symbol('STAGE_RUN_SCHEMA');

interface StageRunRow {
  job_name: string;
  run_id: string;
  source_id: string;
  handled: string;
  passed: string;
  quarantined: string;
  failed: string;
  expected: string | null;
  masked_fields: Record<string, boolean>;
  masking_policies: Record<string, MaskingPolicy[]>;
  first_error: string | null;
  state: StageRunStatus;
}

export interface StageRunKey {
  jobName: string;
  runId: string;
  sourceId: string;
}

const COLUMNS = 'job_name, run_id, source_id, handled, passed, quarantined, failed, expected, masked_fields, masking_policies, first_error, state';
/** Ended runs are kept a week (a late redelivery finds them ended), stalled ones a month. */
const ENDED_RETENTION = '7 days';
const STALLED_RETENTION = '30 days';

/**
 * A stage's progress per ingestion run (`<schema>.lineage_stage_runs`) and the positions it counted
 * while the run is in progress (`<schema>.lineage_stage_positions`: one bit per position, 8,192 to a
 * row, so a batch writes a row or two per run instead of a row per record); every change reads and
 * writes the run's row under its lock, which also guards its positions.
 */
@Injectable()
export class StageRunRepository {
  private readonly runs: string;
  private readonly positions: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(STAGE_RUN_SCHEMA) schema: string,
  ) {
    if (!/^[a-z_]+$/.test(schema)) throw new Error(`invalid schema name for lineage_stage_runs: ${schema}`);
    this.runs = `${schema}.lineage_stage_runs`;
    this.positions = `${schema}.lineage_stage_positions`;
  }

  /** Counts the records of one run not counted before (by position), in one transaction; returns the progress. */
  async addHandled(key: StageRunKey, records: readonly HandledRecord[]): Promise<StageRunState> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockedOrCreated(manager, key);
      if (current.status !== 'running') return current;
      const positions = records.map((record) => record.index);
      const stored: Array<{ chunk: number; counted: Buffer }> = await manager.query(
        `SELECT chunk, counted FROM ${this.positions} WHERE job_name = $1 AND run_id = $2 AND chunk = ANY($3::int[])`,
        [key.jobName, key.runId, chunksOf(positions)],
      );
      const { fresh, changed } = markCounted(new Map(stored.map((row) => [row.chunk, row.counted])), positions);
      if (fresh.size === 0) return current;
      await manager.query(
        `INSERT INTO ${this.positions} (job_name, run_id, chunk, counted) SELECT $1, $2, * FROM unnest($3::int[], $4::bytea[])
         ON CONFLICT (job_name, run_id, chunk) DO UPDATE SET counted = EXCLUDED.counted, updated_at = now()`,
        [key.jobName, key.runId, [...changed.keys()], [...changed.values()].map((bitmap) => Buffer.from(bitmap.buffer, bitmap.byteOffset, bitmap.byteLength))],
      );
      // A position twice in one batch counts once.
      const counted = records.filter((record) => fresh.delete(record.index));
      return this.save(manager, addHandledRecords(current, counted));
    });
  }

  /** Stores how many records of the run are on the stage's input topic; returns the progress. */
  async setExpected(key: StageRunKey, expected: number): Promise<StageRunState> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.lockedOrCreated(manager, key);
      if (current.status !== 'running' || current.expected === expected) return current;
      return this.save(manager, { ...current, expected });
    });
  }

  /** Records that the run's end was reported and forgets its counted positions; removes runs past their retention. */
  async markEnded(jobName: string, runId: string, status: Exclude<StageRunStatus, 'running'>): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.runs} SET state = $3, updated_at = now() WHERE job_name = $1 AND run_id = $2`, [jobName, runId, status]);
    await this.dataSource.query(`DELETE FROM ${this.positions} WHERE job_name = $1 AND run_id = $2`, [jobName, runId]);
    await this.dataSource.query(
      `DELETE FROM ${this.runs} WHERE (state <> 'running' AND updated_at < now() - interval '${ENDED_RETENTION}') OR updated_at < now() - interval '${STALLED_RETENTION}'`,
    );
    await this.dataSource.query(`DELETE FROM ${this.positions} WHERE updated_at < now() - interval '${STALLED_RETENTION}'`);
  }

  private async save(manager: EntityManager, next: StageRunState): Promise<StageRunState> {
    await manager.query(
      `UPDATE ${this.runs} SET handled = $3, passed = $4, quarantined = $5, failed = $6, expected = $7, masked_fields = $8, first_error = $9, masking_policies = $10, updated_at = now()
        WHERE job_name = $1 AND run_id = $2`,
      [next.jobName, next.runId, next.handled, next.passed, next.quarantined, next.failed, next.expected, JSON.stringify(next.maskedFields), next.firstError, JSON.stringify(next.maskingPolicies)],
    );
    return next;
  }

  /** The run's row under lock: inserted first if missing (or taken when another replica inserted it meanwhile). */
  private async lockedOrCreated(manager: EntityManager, key: StageRunKey): Promise<StageRunState> {
    const existing = await this.locked(manager, key);
    if (existing) return existing;
    await manager.query(`INSERT INTO ${this.runs} (job_name, run_id, source_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [key.jobName, key.runId, key.sourceId]);
    const created = await this.locked(manager, key);
    if (!created) throw new Error(`the lineage progress of ${key.jobName} for run ${key.runId} could not be created`);
    return created;
  }

  private async locked(manager: EntityManager, key: StageRunKey): Promise<StageRunState | undefined> {
    const rows: StageRunRow[] = await manager.query(`SELECT ${COLUMNS} FROM ${this.runs} WHERE job_name = $1 AND run_id = $2 FOR UPDATE`, [key.jobName, key.runId]);
    return rows[0] ? stateOf(rows[0]) : undefined;
  }
}

function stateOf(row: StageRunRow): StageRunState {
  return {
    jobName: row.job_name,
    runId: row.run_id,
    sourceId: row.source_id,
    handled: Number(row.handled),
    passed: Number(row.passed),
    quarantined: Number(row.quarantined),
    failed: Number(row.failed),
    expected: row.expected === null ? null : Number(row.expected),
    maskedFields: row.masked_fields,
    maskingPolicies: row.masking_policies,
    firstError: row.first_error,
    status: row.state,
  };
}
