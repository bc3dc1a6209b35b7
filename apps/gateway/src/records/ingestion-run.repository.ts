import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { IngestionRunEntity } from './ingestion-run.entity';

export type RunClaim = Pick<IngestionRunEntity, 'runId' | 'sourceId' | 'recordCount' | 'idempotencyKey' | 'bodyChecksum' | 'traceId'>;

/** Either this push now owns the run, or another push holds (or held) it. */
export type ClaimOutcome = { claimed: true } | { claimed: false; existing: IngestionRunEntity };

/**
 * A claim still 'publishing' after this long belongs to a push that died mid-way (a publish gives
 * up well before), so a retry with the same body may take it over.
 */
export const STALE_CLAIM_SECONDS = 300;

// One statement, so two concurrent claims of one run id are serialised by the primary key: the
// second waits for the first to commit, then sees its row and claims nothing.
const CLAIM_SQL = `
  INSERT INTO gateway.ingestion_runs AS runs
    (run_id, source_id, record_count, rejected_count, idempotency_key, body_checksum, trace_id, state, claimed_at)
  VALUES ($1, $2, $3, 0, $4, $5, $6, 'publishing', now())
  ON CONFLICT (run_id) DO UPDATE
    SET state = 'publishing', claimed_at = now(), record_count = EXCLUDED.record_count, trace_id = EXCLUDED.trace_id
    WHERE runs.body_checksum = EXCLUDED.body_checksum
      AND (runs.state = 'failed' OR (runs.state = 'publishing' AND runs.claimed_at < now() - make_interval(secs => $7)))
  RETURNING run_id`;

@Injectable()
export class IngestionRunRepository {
  constructor(@InjectRepository(IngestionRunEntity) private readonly runs: Repository<IngestionRunEntity>) {}

  /**
   * Claims the run before anything is published. A new run is claimed; so is a failed or stale
   * claim of the same body. Otherwise the existing run is returned for the caller to answer from.
   */
  async claim(run: RunClaim): Promise<ClaimOutcome> {
    const parameters = [run.runId, run.sourceId, run.recordCount, run.idempotencyKey, run.bodyChecksum, run.traceId, STALE_CLAIM_SECONDS];
    const claimedRows: unknown[] = await this.runs.query(CLAIM_SQL, parameters);
    if (claimedRows.length > 0) return { claimed: true };
    const existing = await this.runs.findOneBy({ runId: run.runId });
    // Runs are never deleted, so the row that blocked the claim is still there.
    if (!existing) throw new Error(`Ingestion run ${run.runId} blocked a claim but cannot be read`);
    return { claimed: false, existing };
  }

  /** The records are published: the run is accepted and answers replays from now on. */
  async markAccepted(runId: string): Promise<void> {
    await this.runs.update({ runId, state: 'publishing' }, { state: 'accepted', acceptedAt: () => 'now()' });
  }

  /** The publish failed: a retry with the same body may claim the run again. */
  async markFailed(runId: string): Promise<void> {
    await this.runs.update({ runId, state: 'publishing' }, { state: 'failed' });
  }

  /** An accepted run; runs still publishing or failed are not (yet) runs a client can follow. */
  findAccepted(runId: string): Promise<IngestionRunEntity | null> {
    return this.runs.findOneBy({ runId, state: 'accepted' });
  }
}
