import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { RunEvent } from '@atlas/contracts';
import { utcMicroseconds } from '@atlas/database';
import { RunEventEntity } from './run-event.entity';

/** The sort key of a stored event: its time (UTC, microseconds) and id. */
export type RunEventKey = [eventTime: string, eventId: string];

@Injectable()
export class RunEventRepository {
  constructor(@InjectRepository(RunEventEntity) private readonly events: Repository<RunEventEntity>) {}

  /**
   * Events of a run and of every run that names it as parent, oldest first (then by event id), after
   * `after` (the time, to the microsecond, and id of the last event served).
   */
  async findByRunOrParent(runId: string, after: RunEventKey | undefined, limit: number): Promise<Array<{ event: RunEvent; eventTime: string; eventId: string }>> {
    return this.events.query(
      `SELECT event, ${utcMicroseconds('event_time')} AS "eventTime", event_id AS "eventId" FROM lineage.run_events
        WHERE (run_id = $1 OR parent_run_id = $1) AND ($2::timestamptz IS NULL OR (event_time, event_id) > ($2::timestamptz, $3::uuid))
        ORDER BY event_time, event_id LIMIT $4`,
      [runId, after?.[0] ?? null, after?.[1] ?? null, limit],
    );
  }

  /**
   * The latest state of a run and of every run under it: per run its most advanced event (an end
   * over RUNNING over START, then the newest) and when its first event happened. One row per run,
   * however many RUNNING events a long run reported.
   */
  async latestPerRun(runId: string): Promise<LatestRunEvent[]> {
    const rows: Array<{ run_id: string; event_type: string | null; event: unknown; first_event_at: Date; last_event_at: Date }> = await this.events.query(
      `SELECT DISTINCT ON (run_id) run_id, event_type, event, first_event_at, last_event_at FROM (
         SELECT run_id, event_type, event, event_time,
                min(event_time) OVER (PARTITION BY run_id) AS first_event_at, max(event_time) OVER (PARTITION BY run_id) AS last_event_at
           FROM lineage.run_events WHERE event_kind = 'RunEvent' AND (run_id = $1 OR parent_run_id = $1)
       ) AS events
       ORDER BY run_id, CASE event_type WHEN 'COMPLETE' THEN 3 WHEN 'FAIL' THEN 3 WHEN 'ABORT' THEN 3 WHEN 'RUNNING' THEN 2 WHEN 'START' THEN 1 ELSE 0 END DESC, event_time DESC`,
      [runId],
    );
    return rows.map((row) => ({ runId: row.run_id, eventType: row.event_type, event: row.event as RunEvent, firstEventAt: row.first_event_at, lastEventAt: row.last_event_at }));
  }
}

export interface LatestRunEvent {
  runId: string;
  eventType: string | null;
  event: RunEvent;
  firstEventAt: Date;
  lastEventAt: Date;
}
