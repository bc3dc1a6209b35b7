import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'lineage', name: 'run_events' })
export class RunEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ name: 'event_kind', type: 'text' })
  eventKind: string;

  /** Null for DatasetEvents and JobEvents. */
  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId: string | null;

  @Column({ name: 'parent_run_id', type: 'uuid', nullable: true })
  parentRunId: string | null;

  @Column({ name: 'job_namespace', type: 'text', nullable: true })
  jobNamespace: string | null;

  @Column({ name: 'job_name', type: 'text', nullable: true })
  jobName: string | null;

  @Column({ name: 'event_type', type: 'text', nullable: true })
  eventType: string | null;

  @Column({ name: 'event_time', type: 'timestamptz' })
  eventTime: Date;

  @Column({ type: 'jsonb' })
  event: object;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}

