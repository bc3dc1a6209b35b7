import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { heldCondition, HELD_REPLAY_COLUMNS, type HeldReplayView } from '../contracts/held-replay-requests';
import type { NewQuarantinedRecord } from '../validation/quarantined-record.entity';
import { QUARANTINE_COLUMNS, QuarantineRepository, type QuarantineRow, type ReleasedRecord } from './quarantine.repository';

/** A source's records held for want of an active contract. */
export interface HeldCount {
  sourceId: string;
  heldRecords: number;
  firstHeldAt: string;
  lastHeldAt: string;
}

/** A replay this replica holds the lease of. */
export interface ClaimedReplay {
  replayId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  /** Milliseconds since the activation that requested it, when claimed. */
  ageMs: number;
}

const UTC = (expression: string) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** `quality.held_replays` and the held records they replay. */
@Injectable()
export class HeldReplayRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly quarantine: QuarantineRepository,
  ) {}

  /** Held records per source, in source order after `afterSourceId` (one source with `sourceId`). */
  heldCounts(sourceId: string | undefined, afterSourceId: string | undefined, limit: number): Promise<HeldCount[]> {
    return this.dataSource.query(
      `SELECT q.source_id AS "sourceId", count(*)::int AS "heldRecords", ${UTC('min(q.quarantined_at)')} AS "firstHeldAt", ${UTC('max(q.quarantined_at)')} AS "lastHeldAt"
         FROM quality.quarantined_records q
        WHERE ${heldCondition('q')} AND ($1::text IS NULL OR q.source_id = $1) AND ($2::text IS NULL OR q.source_id > $2)
        GROUP BY q.source_id ORDER BY q.source_id LIMIT $3`,
      [sourceId ?? null, afterSourceId ?? null, limit],
    );
  }

  async find(replayId: string): Promise<HeldReplayView | undefined> {
    const rows: HeldReplayView[] = await this.dataSource.query(`SELECT ${HELD_REPLAY_COLUMNS} FROM quality.held_replays r WHERE r.replay_id = $1`, [replayId]);
    return rows[0];
  }

  /** The newest replays, of one source or of all. */
  list(sourceId: string | undefined, before: { requestedAt: string; replayId: string } | undefined, limit: number): Promise<HeldReplayView[]> {
    return this.dataSource.query(
      `SELECT ${HELD_REPLAY_COLUMNS} FROM quality.held_replays r
        WHERE ($1::text IS NULL OR r.source_id = $1) AND ($2::timestamptz IS NULL OR (r.requested_at, r.replay_id) < ($2::timestamptz, $3::uuid))
        ORDER BY r.requested_at DESC, r.replay_id DESC LIMIT $4`,
      [sourceId ?? null, before?.requestedAt ?? null, before?.replayId ?? null, limit],
    );
  }

  /** Takes the oldest unfinished replay whose lease is free (another replica's expired: it stopped) for `leaseMs`. */
  async claim(leaseMs: number): Promise<ClaimedReplay | undefined> {
    const rows: ClaimedReplay[] = await this.dataSource.query(
      `WITH next AS (
         SELECT replay_id FROM quality.held_replays
          WHERE state IN ('pending', 'running') AND (lease_until IS NULL OR lease_until < now())
          ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE quality.held_replays r
            SET state = 'running', lease_until = now() + $1::float8 * interval '1 millisecond', started_at = coalesce(r.started_at, now())
           FROM next WHERE r.replay_id = next.replay_id
          RETURNING r.replay_id, r.source_id, r.contract_id, r.contract_version, r.requested_at)
       SELECT replay_id::text AS "replayId", source_id AS "sourceId", contract_id AS "contractId", contract_version AS "contractVersion",
              (extract(epoch FROM now() - requested_at) * 1000)::float8 AS "ageMs"
         FROM claimed`,
      [leaseMs],
    );
    return rows[0];
  }

  /** The next held records of a source that can be replayed (stored with their envelope), in record-id order. */
  heldPage(sourceId: string, limit: number): Promise<QuarantineRow[]> {
    return this.dataSource.query(
      `SELECT ${QUARANTINE_COLUMNS} FROM quality.quarantined_records q
        WHERE q.source_id = $1 AND ${heldCondition('q')} AND q.envelope IS NOT NULL
        ORDER BY q.record_id LIMIT $2`,
      [sourceId, limit],
    );
  }

  /**
   * Records one batch's outcomes and adds them to the replay's counts in one transaction (so the
   * counts are exact across crashes), renewing its lease. Returns how many records it recorded and
   * whether the replay is still this replica's to continue (not superseded nor taken over).
   */
  recordBatch(replayId: string, released: readonly ReleasedRecord[], stillQuarantined: readonly NewQuarantinedRecord[], leaseMs: number): Promise<{ recorded: number; continues: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const releasedCount = (await this.quarantine.markReleased(released, manager)).length;
      const keptCount = await this.quarantine.recordStillQuarantined(stillQuarantined, manager);
      const rows: unknown[] = await manager.query(
        `WITH counted AS (
           UPDATE quality.held_replays
              SET judged = judged + $2, released = released + $3, still_quarantined = still_quarantined + $4,
                  lease_until = now() + $5::float8 * interval '1 millisecond'
            WHERE replay_id = $1 AND state = 'running'
            RETURNING replay_id)
         SELECT replay_id FROM counted`,
        [replayId, releasedCount + keptCount, releasedCount, keptCount, leaseMs],
      );
      return { recorded: releasedCount + keptCount, continues: rows.length > 0 };
    });
  }

  /** Done: nothing replayable is held; the held rows without envelope (stored before replays existed) are counted. */
  async finish(replayId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE quality.held_replays r
          SET state = 'succeeded', finished_at = now(), lease_until = NULL,
              not_replayable = (SELECT count(*) FROM quality.quarantined_records q WHERE q.source_id = r.source_id AND ${heldCondition('q')} AND q.envelope IS NULL)
        WHERE r.replay_id = $1 AND r.state = 'running'`,
      [replayId],
    );
  }

  /** Gives the lease back until `retryInMs` from now, with the failure that interrupted it (if any). */
  async postpone(replayId: string, retryInMs: number, failure?: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE quality.held_replays
          SET lease_until = now() + $2::float8 * interval '1 millisecond',
              last_error = coalesce($3, last_error), attempts = attempts + CASE WHEN $3::text IS NULL THEN 0 ELSE 1 END
        WHERE replay_id = $1 AND state = 'running'`,
      [replayId, retryInMs, failure === undefined ? null : failure.slice(0, 500)],
    );
  }

  /** Stops a replay that cannot go on (its version no longer governs the source), with why. */
  async fail(replayId: string, failure: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE quality.held_replays SET state = 'failed', finished_at = now(), lease_until = NULL, last_error = $2
        WHERE replay_id = $1 AND state = 'running'`,
      [replayId, failure.slice(0, 500)],
    );
  }
}
