import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export type HeldReplayState = 'pending' | 'running' | 'succeeded' | 'failed' | 'superseded';

/** One replay of a source's held records (no active contract) through the version activated for it. */
export interface HeldReplayView {
  replayId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  state: HeldReplayState;
  /** Held records of the source when the version was activated. */
  heldAtRequest: number;
  /** Held records of the source now (what is left to judge while the replay runs). */
  heldNow: number;
  judged: number;
  released: number;
  stillQuarantined: number;
  notReplayable: number;
  attempts: number;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
}

/** Held = quarantined for want of an active contract and not released (the partial index's predicate), for the row alias. */
export function heldCondition(alias: string): string {
  return `${alias}.contract_id = 'none' AND ${alias}.released_at IS NULL`;
}

const UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns of a `quality.held_replays` row `r` as a HeldReplayView. */
export const HELD_REPLAY_COLUMNS = `r.replay_id::text AS "replayId", r.source_id AS "sourceId", r.contract_id AS "contractId",
  r.contract_version AS "contractVersion", r.state, r.held_at_request AS "heldAtRequest",
  (SELECT count(*)::int FROM quality.quarantined_records q WHERE q.source_id = r.source_id AND ${heldCondition('q')}) AS "heldNow",
  r.judged, r.released, r.still_quarantined AS "stillQuarantined", r.not_replayable AS "notReplayable", r.attempts,
  ${UTC('r.requested_at')} AS "requestedAt", ${UTC('r.started_at')} AS "startedAt", ${UTC('r.finished_at')} AS "finishedAt", r.last_error AS "lastError"`;

/**
 * In the activation's transaction: every source the version now governs gets a replay of its held
 * records (durable: it commits with the activation or not at all). A replay still unfinished for
 * the source is superseded, since the new version is the one to judge with.
 */
export async function requestHeldReplays(manager: EntityManager, contractId: string, version: string, sourceIds: readonly string[], requestedBy: string): Promise<HeldReplayView[]> {
  if (sourceIds.length === 0) return [];
  await manager.query(
    `UPDATE quality.held_replays SET state = 'superseded', finished_at = now(), lease_until = NULL
      WHERE source_id = ANY($1::text[]) AND state IN ('pending', 'running')`,
    [sourceIds],
  );
  const replayIds = sourceIds.map(() => randomUUID());
  await manager.query(
    `INSERT INTO quality.held_replays (replay_id, source_id, contract_id, contract_version, requested_by, held_at_request)
     SELECT s.replay_id, s.source_id, $3, $4, $5,
            (SELECT count(*) FROM quality.quarantined_records q WHERE q.source_id = s.source_id AND ${heldCondition('q')})
       FROM unnest($1::uuid[], $2::text[]) AS s(replay_id, source_id)`,
    [replayIds, sourceIds, contractId, version, requestedBy],
  );
  return manager.query(`SELECT ${HELD_REPLAY_COLUMNS} FROM quality.held_replays r WHERE r.replay_id = ANY($1::uuid[]) ORDER BY r.source_id`, [replayIds]);
}
