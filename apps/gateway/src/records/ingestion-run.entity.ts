import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** 'publishing' while the claiming push publishes; 'failed' lets a retry with the same body claim it again. */
export type IngestionRunState = 'publishing' | 'accepted' | 'failed';

@Entity({ schema: 'gateway', name: 'ingestion_runs' })
export class IngestionRunEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'record_count', type: 'integer' })
  recordCount: number;

  @Column({ name: 'rejected_count', type: 'integer', default: 0 })
  rejectedCount: number;

  @Column({ name: 'idempotency_key', type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'body_checksum', type: 'char', length: 64, nullable: true })
  bodyChecksum: string | null;

  @Column({ name: 'trace_id', type: 'text', nullable: true })
  traceId: string | null;

  @Column({ name: 'state', type: 'text', default: 'accepted' })
  state: IngestionRunState;

  /** Refreshed while the claiming push publishes; a claim not refreshed for STALE_CLAIM_SECONDS may be taken over. */
  @Column({ name: 'claimed_at', type: 'timestamptz' })
  claimedAt: Date;

  /** New on every claim: only the push holding this token may refresh, accept or release the claim. */
  @Column({ name: 'claim_token', type: 'uuid' })
  claimToken: string;

  @CreateDateColumn({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt: Date;
}
