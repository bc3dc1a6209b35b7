import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'gateway', name: 'pii_findings' })
export class PiiFindingEntity {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @PrimaryColumn({ type: 'text' })
  field: string;

  @PrimaryColumn({ name: 'entity_type', type: 'text' })
  entityType: string;

  @PrimaryColumn({ name: 'start_offset', type: 'integer' })
  startOffset: number;

  @Column({ name: 'end_offset', type: 'integer' })
  endOffset: number;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ type: 'real' })
  score: number;

  @Column({ type: 'text' })
  operator: string;

  @Column({ name: 'policy_id', type: 'text' })
  policyId: string;

  @Column({ name: 'policy_version', type: 'integer' })
  policyVersion: number;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;
}
