import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One finding of a record as stored: where and what, never the value. */
export interface StoredFinding {
  field: string;
  entityType: string;
  start: number;
  end: number;
  score: number;
  operator: string;
}

/** A record's findings, one row per record (its first delivery; a redelivery adds nothing). */
@Entity({ schema: 'gateway', name: 'pii_finding_records' })
export class PiiFindingRecordEntity {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'policy_id', type: 'text' })
  policyId: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;

  @Column({ type: 'jsonb' })
  findings: StoredFinding[];
}
