import { Column, CreateDateColumn, Entity } from 'typeorm';
import { RecordRow } from '@atlas/database';
import type { CheckResult } from '../checks/record-checker';

/** Why a record of a source without contract was quarantined. */
export interface ContractMissingReason {
  rule: 'contract';
  message: string;
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

  @CreateDateColumn({ name: 'quarantined_at', type: 'timestamptz' })
  quarantinedAt: Date;
}
