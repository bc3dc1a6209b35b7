import { Column, CreateDateColumn, Entity } from 'typeorm';
import { RecordRow } from '@atlas/database';
import { RuleViolation } from './data-contract';

/** A record that broke its data contract, with every reason. Its payload is already protected. */
@Entity({ schema: 'quality', name: 'quarantined_records' })
export class QuarantinedRecordEntity extends RecordRow {
  @Column({ name: 'contract_id', type: 'text' })
  contractId: string;

  @Column({ name: 'contract_version', type: 'text' })
  contractVersion: string;

  @Column({ type: 'jsonb' })
  reasons: RuleViolation[] | { rule: string; message: string }[];

  @Column({ type: 'jsonb' })
  payload: object;

  @CreateDateColumn({ name: 'quarantined_at', type: 'timestamptz' })
  quarantinedAt: Date;
}
