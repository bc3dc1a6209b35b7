import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RetainedRows, RetentionReport } from './retention-policy';

const JOB = 'retention';

/** The retention job's lease and its bounded deletes. */
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims this interval's run: true for exactly one caller once `next_run_at` has passed (the row
   * is locked by the upsert), which moves it one interval on; a replica that stops mid-run leaves
   * the rest to the next interval.
   */
  async claim(holder: string, intervalMs: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO quality.retention_runs (job, next_run_at, holder, started_at) VALUES ($1, now() + $2 * interval '1 millisecond', $3, now())
       ON CONFLICT (job) DO UPDATE SET next_run_at = EXCLUDED.next_run_at, holder = EXCLUDED.holder, started_at = now(), finished_at = NULL
       WHERE quality.retention_runs.next_run_at <= now()
       RETURNING job`,
      [JOB, intervalMs, holder],
    );
    return rows.length > 0;
  }

  /**
   * Deletes at most `limit` rows older than the cutoff, found by the time column's index; the
   * condition is checked again on the row deleted (a row updated meanwhile is kept). Returns the
   * source of each deleted row.
   */
  async deleteBatch(rows: RetainedRows, cutoff: Date, limit: number): Promise<string[]> {
    const result: [Array<{ source: string }>, number] = await this.dataSource.query(
      `DELETE FROM ${rows.table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${rows.table} WHERE ${rows.condition} LIMIT $2)) AND ${rows.condition} RETURNING ${rows.source} AS source`,
      [cutoff, limit],
    );
    // TypeORM answers a DELETE … RETURNING on PostgreSQL with [rows, count].
    return result[0].map((row) => row.source);
  }

  async finish(holder: string, report: RetentionReport, unreplayed: number): Promise<void> {
    const deletedAny = Object.values(report.deleted).some((count) => count > 0);
    await this.dataSource.query(
      `UPDATE quality.retention_runs SET finished_at = now(), report = CASE WHEN $3 THEN $2::jsonb ELSE report END, unreplayed_deleted = unreplayed_deleted + $4
        WHERE job = $1 AND holder = $5`,
      [JOB, JSON.stringify(report), deletedAny, unreplayed, holder],
    );
  }
}
