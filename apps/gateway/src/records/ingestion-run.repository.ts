import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IngestionRunEntity } from './ingestion-run.entity';

export type RunClaim = Pick<IngestionRunEntity, 'runId' | 'sourceId' | 'recordCount' | 'idempotencyKey' | 'bodyChecksum' | 'traceId'>;

/**
 * Either this push now owns the run, holding the claim token that alone may refresh, accept or
 * release it, or another push holds (or held) it.
 */
export type ClaimOutcome = { claimed: true; claimToken: string } | { claimed: false; existing: IngestionRunEntity };

/**
 * A claim still 'publishing' and not refreshed for this long belongs to a push that died mid-way,
 * so a retry with the same body may take it over. A live push refreshes its claim every
 * CLAIM_REFRESH_SECONDS however long its publish takes, so only a push that missed five refreshes
 * in a row (gateway stalled, database unreachable) loses its claim.
 */
export const STALE_CLAIM_SECONDS = 300;

/** How often a publishing push refreshes its claim. */
export const CLAIM_REFRESH_SECONDS = 60;

// One statement, so two concurrent claims of one run id are serialised by the primary key: the
// second waits for the first to commit, then sees its row and claims nothing. A takeover draws a
// new token, so the push that lost the claim can no longer touch the run.
const CLAIM_SQL = `
  INSERT INTO gateway.ingestion_runs AS runs
    (run_id, source_id, record_count, rejected_count, idempotency_key, body_checksum, trace_id, state, claimed_at, claim_token)
  VALUES ($1, $2, $3, 0, $4, $5, $6, 'publishing', now(), gen_random_uuid())
  ON CONFLICT (run_id) DO UPDATE
    SET state = 'publishing', claimed_at = now(), claim_token = EXCLUDED.claim_token,
        record_count = EXCLUDED.record_count, trace_id = EXCLUDED.trace_id
    WHERE runs.body_checksum = EXCLUDED.body_checksum
      AND (runs.state = 'failed' OR (runs.state = 'publishing' AND runs.claimed_at < now() - make_interval(secs => $7)))
  RETURNING claim_token`;

@Injectable()
export class IngestionRunRepository {
  constructor(@InjectRepository(IngestionRunEntity) private readonly runs: Repository<IngestionRunEntity>) {}

  /**
   * Claims the run before anything is published. A new run is claimed; so is a failed or stale
   * claim of the same body. Otherwise the existing run is returned for the caller to answer from.
   */
  async claim(run: RunClaim): Promise<ClaimOutcome> {
    const parameters = [run.runId, run.sourceId, run.recordCount, run.idempotencyKey, run.bodyChecksum, run.traceId, STALE_CLAIM_SECONDS];
    const claimedRows: Array<{ claim_token: string }> = await this.runs.query(CLAIM_SQL, parameters);
    if (claimedRows.length > 0) return { claimed: true, claimToken: claimedRows[0].claim_token };
    const existing = await this.runs.findOneBy({ runId: run.runId });
    // Runs are never deleted, so the row that blocked the claim is still there.
    if (!existing) throw new Error(`Ingestion run ${run.runId} blocked a claim but cannot be read`);
    return { claimed: false, existing };
  }

  /** Keeps a claim alive while its push publishes; false when the claim is no longer this push's. */
  async refreshClaim(runId: string, claimToken: string): Promise<boolean> {
    const result = await this.runs.update({ runId, state: 'publishing', claimToken }, { claimedAt: () => 'now()' });
    return result.affected === 1;
  }

  /**
   * The records are published: the run is accepted and answers replays from now on. False when
   * another push took the claim over, which then decides the run's outcome.
   */
  async markAccepted(runId: string, claimToken: string): Promise<boolean> {
    const result = await this.runs.update({ runId, state: 'publishing', claimToken }, { state: 'accepted', acceptedAt: () => 'now()' });
    return result.affected === 1;
  }

  /** The publish failed: a retry with the same body may claim the run again. A taken-over claim is left alone. */
  async markFailed(runId: string, claimToken: string): Promise<void> {
    await this.runs.update({ runId, state: 'publishing', claimToken }, { state: 'failed' });
  }

  /** An accepted run; runs still publishing or failed are not (yet) runs a client can follow. */
  findAccepted(runId: string): Promise<IngestionRunEntity | null> {
    return this.runs.findOneBy({ runId, state: 'accepted' });
  }
}
