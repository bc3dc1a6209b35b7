import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { RuleViolation } from './data-contract';

/** A record that broke its data contract, with every reason. Its payload is already protected. */
@Entity({ schema: 'quality', name: 'quarantined_records' })
export class QuarantinedRecordEntity {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'position_index', type: 'integer' })
  positionIndex: number;

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
