import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Navigate layer: protected, contract-valid records ready for business use. */
@Entity({ schema: 'connector', name: 'navigate_records' })
export class NavigateRecordEntity {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'position_index', type: 'integer' })
  positionIndex: number;

  @Column({ type: 'jsonb' })
  payload: object;

  @Column({ name: 'policy_id', type: 'text' })
  policyId: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ name: 'contract_id', type: 'text' })
  contractId: string;

  @Column({ name: 'contract_version', type: 'text' })
  contractVersion: string;

  @Column({ name: 'trace_id', type: 'text', nullable: true })
  traceId: string | null;

  @CreateDateColumn({ name: 'written_at', type: 'timestamptz' })
  writtenAt: Date;
}
