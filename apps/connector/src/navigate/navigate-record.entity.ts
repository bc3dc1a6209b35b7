import { Column, CreateDateColumn, Entity } from 'typeorm';
import { RecordRow } from '@atlas/database';

/** Navigate layer: protected, contract-valid records ready for business use. */
@Entity({ schema: 'connector', name: 'navigate_records' })
export class NavigateRecordEntity extends RecordRow {
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

  /** Where the record was read in its source (`kafka:<topic>/<partition>/<offset>`, `file:<path>:<line>`); none for a REST push. */
  @Column({ name: 'source_location', type: 'text', nullable: true })
  sourceLocation: string | null;

  @CreateDateColumn({ name: 'written_at', type: 'timestamptz' })
  writtenAt: Date;
}
