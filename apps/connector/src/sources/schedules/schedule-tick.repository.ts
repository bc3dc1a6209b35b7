import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ScheduleTick {
  tickAt: string;
  claimedBy: string;
  outcome: 'started' | 'overlap' | null;
  runId: string | null;
}

/** connector.schedule_ticks: the claim of each schedule tick (one replica wins it) and what it did. */
@Injectable()
export class ScheduleTickRepository {
  constructor(@InjectDataSource() private readonly database: DataSource) {}

  /** True when this replica claimed the tick; false when another one (or an earlier timer) had it. */
  async claim(sourceId: string, tickAt: Date, claimedBy: string): Promise<boolean> {
    const rows: unknown[] = await this.database.query(
      'INSERT INTO connector.schedule_ticks (source_id, tick_at, claimed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING source_id',
      [sourceId, tickAt.toISOString(), claimedBy],
    );
    return rows.length === 1;
  }

  async recordOutcome(sourceId: string, tickAt: Date, outcome: 'started' | 'overlap', runId: string | null): Promise<void> {
    await this.database.query('UPDATE connector.schedule_ticks SET outcome = $3, run_id = $4 WHERE source_id = $1 AND tick_at = $2', [sourceId, tickAt.toISOString(), outcome, runId]);
  }

  /** The source's newest ticks first. */
  async recent(sourceId: string, limit: number): Promise<ScheduleTick[]> {
    const rows: Array<{ tick_at: Date; claimed_by: string; outcome: ScheduleTick['outcome']; run_id: string | null }> = await this.database.query(
      'SELECT tick_at, claimed_by, outcome, run_id FROM connector.schedule_ticks WHERE source_id = $1 ORDER BY tick_at DESC LIMIT $2',
      [sourceId, limit],
    );
    return rows.map((row) => ({ tickAt: row.tick_at.toISOString(), claimedBy: row.claimed_by, outcome: row.outcome, runId: row.run_id }));
  }

  /** Forgets ticks claimed before `before` (a seconds schedule claims 86,400 a day). */
  async prune(before: Date): Promise<void> {
    await this.database.query('DELETE FROM connector.schedule_ticks WHERE claimed_at < $1', [before.toISOString()]);
  }
}
