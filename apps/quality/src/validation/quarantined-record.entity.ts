import { Column, CreateDateColumn, Entity } from 'typeorm';
import { RecordRow } from '@atlas/database';
import type { Protection, SourcePosition } from '@atlas/contracts';
import type { CheckResult } from '../checks/record-checker';

/** Why a record of a source without an active contract is held in quarantine. */
export interface ContractMissingReason {
  rule: 'contract';
  code: 'no_active_contract';
  checkId: 'no_active_contract';
  message: string;
}

/** The protected envelope of a quarantined record without its payload: what a replay publishes with it. */
export interface StoredEnvelope {
  position: SourcePosition;
  ingestedAt: string;
  checksum: string;
  protection: Protection;
}

/**
 * A record that broke its data contract: every failed check (id, name, measured value, level) and
 * the contract version that judged it. Its payload is already protected.
 */
@Entity({ schema: 'quality', name: 'quarantined_records' })
export class QuarantinedRecordEntity extends RecordRow {
  @Column({ name: 'contract_id', type: 'text' })
  contractId: string;

  @Column({ name: 'contract_version', type: 'text' })
  contractVersion: string;

  @Column({ type: 'jsonb' })
  reasons: Array<CheckResult | ContractMissingReason> & object[];

  /** Checks that could not judge this record (a value protected by pii-detection, no value ...). */
  @Column({ name: 'not_evaluated', type: 'jsonb' })
  notEvaluated: CheckResult[] & object[];

  @Column({ type: 'jsonb' })
  payload: object;

  /** Null for rows stored before replays existed (they cannot be replayed). */
  @Column({ type: 'jsonb', nullable: true })
  envelope: StoredEnvelope | null;

  @CreateDateColumn({ name: 'quarantined_at', type: 'timestamptz' })
  quarantinedAt: Date;

  /** When a replay found the record valid and published it to Chart. */
  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ name: 'released_contract_id', type: 'text', nullable: true })
  releasedContractId: string | null;

  @Column({ name: 'released_contract_version', type: 'text', nullable: true })
  releasedContractVersion: string | null;

  @Column({ name: 'replay_count', type: 'integer', default: 0 })
  replayCount: number;

  @Column({ name: 'last_replayed_at', type: 'timestamptz', nullable: true })
  lastReplayedAt: Date | null;
}

/** What the stream writes; the replay columns keep their defaults. */
export type NewQuarantinedRecord = Omit<QuarantinedRecordEntity, 'quarantinedAt' | 'releasedAt' | 'releasedContractId' | 'releasedContractVersion' | 'replayCount' | 'lastReplayedAt'>;
