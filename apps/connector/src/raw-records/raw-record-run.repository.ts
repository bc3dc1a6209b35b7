import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PreparedStatement, queryPrepared } from '@atlas/database';
import { assignRuns, RawRecordRun, RawRunPlan, RawRunPolicy } from './raw-record-runs';

/** A stored run with its source and partition: what the sweep closes and announces. */
export interface PartitionRawRun extends RawRecordRun {
  sourceId: string;
  partition: number;
}

interface RunRow {
  source_id: string;
  topic_partition: number;
  run_id: string;
  first_offset: string;
  last_offset: string;
  record_count: number;
  opened_ms: number;
  closed: boolean;
}

/** The columns of a run row, of the table named `run`. */
const COLUMNS = `run.source_id, run.topic_partition, run.run_id::text AS run_id, run.first_offset, run.last_offset, run.record_count,
  (extract(epoch FROM run.opened_at) * 1000)::float8 AS opened_ms, run.closed_at IS NOT NULL AS closed`;
/**
 * The runs a batch of offsets $3..$4 may fall in: the one starting at or before $3, those starting up
 * to $4, and the newest (the open one, locked so the sweep cannot close it meanwhile). Index look-ups
 * on the primary key, however many runs the source and partition have had.
 */
export const RUNS_AROUND = new PreparedStatement(`WITH newest AS (
    SELECT ${COLUMNS} FROM connector.raw_record_runs run WHERE run.source_id = $1 AND run.topic_partition = $2
     ORDER BY run.first_offset DESC LIMIT 1 FOR UPDATE
  ), around AS (
    SELECT ${COLUMNS} FROM connector.raw_record_runs run
     WHERE run.source_id = $1 AND run.topic_partition = $2 AND run.first_offset <= $4
       AND run.first_offset >= coalesce((SELECT max(before.first_offset) FROM connector.raw_record_runs before
                                          WHERE before.source_id = $1 AND before.topic_partition = $2 AND before.first_offset <= $3), $3)
       FOR UPDATE
  )
  SELECT * FROM around UNION SELECT * FROM newest ORDER BY first_offset`);
/** The statements of every batch (prepared: run for each batch of each source and partition). */
const LOCK_SOURCE_PARTITION = new PreparedStatement(
  `SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), (extract(epoch FROM now()) * 1000)::float8 AS now_ms`,
);
const SAVE_RUNS = new PreparedStatement(
  `INSERT INTO connector.raw_record_runs (source_id, topic_partition, run_id, first_offset, last_offset, record_count, opened_at, closed_at)
   SELECT $1, $2, changed.run_id, changed.first_offset, changed.last_offset, changed.record_count, to_timestamp(changed.opened_ms / 1000.0),
          CASE WHEN changed.closed THEN now() END
     FROM unnest($3::uuid[], $4::bigint[], $5::bigint[], $6::int[], $7::float8[], $8::boolean[])
       AS changed(run_id, first_offset, last_offset, record_count, opened_ms, closed)
   ON CONFLICT (source_id, topic_partition, first_offset) DO UPDATE
     SET last_offset = EXCLUDED.last_offset, record_count = EXCLUDED.record_count, closed_at = coalesce(raw_record_runs.closed_at, EXCLUDED.closed_at)`,
);
/** Announced runs are kept past the raw topic's retention (7 days): a record still on the topic finds its run. */
const ANNOUNCED_RETENTION = '8 days';

function runOf(row: RunRow): PartitionRawRun {
  return {
    sourceId: row.source_id,
    partition: row.topic_partition,
    runId: row.run_id,
    firstOffset: Number(row.first_offset),
    lastOffset: Number(row.last_offset),
    recordCount: row.record_count,
    openedAt: row.opened_ms,
    closed: row.closed,
  };
}

/** connector.raw_record_runs: the runs external producers' records were cut into (raw-record-runs.ts). */
@Injectable()
export class RawRecordRunRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Gives the offsets (ascending, distinct) of one source's records on one partition their runs, and
   * stores what changed, in one transaction under the source and partition's lock; the stored runs it
   * reads are row-locked too, so the sweep never closes a run a batch is adding to.
   */
  async assign(sourceId: string, partition: number, offsets: readonly number[], policy: RawRunPolicy, runIdOf: (firstOffset: number) => string): Promise<RawRunPlan> {
    return this.dataSource.transaction(async (manager) => {
      const [{ now_ms: now }]: Array<{ now_ms: number }> = await queryPrepared(manager, LOCK_SOURCE_PARTITION, [`atlas.raw_record_runs:${sourceId}:${partition}`]);
      const rows: RunRow[] = await queryPrepared(manager, RUNS_AROUND, [sourceId, partition, offsets[0], offsets[offsets.length - 1]]);
      const plan = assignRuns(rows.map(runOf), offsets, now, policy, runIdOf);
      if (plan.changed.length === 0) return plan;
      await queryPrepared(manager, SAVE_RUNS, [
          sourceId,
          partition,
          plan.changed.map((run) => run.runId),
          plan.changed.map((run) => run.firstOffset),
          plan.changed.map((run) => run.lastOffset),
          plan.changed.map((run) => run.recordCount),
          plan.changed.map((run) => run.openedAt),
          plan.changed.map((run) => run.closed),
        ],
      );
      return plan;
    });
  }

  /**
   * Closes the open runs whose window has passed (their source went quiet); returns them. A run a
   * batch holds locked is skipped (the next sweep sees it), so sweeps never wait on batches or on
   * each other.
   */
  async closeExpired(windowMs: number): Promise<PartitionRawRun[]> {
    const [rows]: [RunRow[], number] = await this.dataSource.query(
      `UPDATE connector.raw_record_runs AS run SET closed_at = now()
         FROM (SELECT source_id, topic_partition, first_offset FROM connector.raw_record_runs
                WHERE closed_at IS NULL AND opened_at <= now() - $1 * interval '1 millisecond' FOR UPDATE SKIP LOCKED) AS expired
        WHERE run.source_id = expired.source_id AND run.topic_partition = expired.topic_partition AND run.first_offset = expired.first_offset
       RETURNING ${COLUMNS}`,
      [windowMs],
    );
    return rows.map(runOf);
  }

  /** Closed runs whose count was not announced within `graceMs` (the process that closed them stopped first). */
  async unannounced(graceMs: number, limit: number): Promise<PartitionRawRun[]> {
    const rows: RunRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM connector.raw_record_runs run
        WHERE closed_at IS NOT NULL AND announced_at IS NULL AND closed_at <= now() - $1 * interval '1 millisecond'
        ORDER BY closed_at LIMIT $2`,
      [graceMs, limit],
    );
    return rows.map(runOf);
  }

  async markAnnounced(runIds: readonly string[]): Promise<void> {
    if (runIds.length === 0) return;
    await this.dataSource.query(`UPDATE connector.raw_record_runs SET announced_at = now() WHERE run_id = ANY($1::uuid[]) AND announced_at IS NULL`, [runIds]);
  }

  /** Forgets announced runs past retention; returns how many. */
  async forgetAnnouncedPastRetention(): Promise<number> {
    const [, deleted]: [unknown, number] = await this.dataSource.query(`DELETE FROM connector.raw_record_runs WHERE announced_at < now() - interval '${ANNOUNCED_RETENTION}'`);
    return deleted;
  }
}
