import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A source the connector reads: its type (a registered connector), config and schedule. */
@Entity({ schema: 'connector', name: 'sources' })
export class SourceEntity {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  config: Record<string, unknown>;

  /** A cron expression (5 fields, or 6 with seconds first; UTC) the scheduler starts runs on; null: runs start on request only. */
  @Column({ type: 'text', nullable: true })
  schedule: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
