import { Column, CreateDateColumn, Entity } from 'typeorm';
import { RecordRow } from '@atlas/database';

/** Explore layer: the raw record as received, with its checksum. Holds raw personal data. */
@Entity({ schema: 'connector', name: 'explore_records' })
export class ExploreRecordEntity extends RecordRow {
  @Column({ type: 'char', length: 64 })
  checksum: string;

  @Column({ type: 'jsonb' })
  payload: object;

  /** Where the record was read in its source (file and line, topic/partition/offset); null for REST pushes. */
  @Column({ name: 'source_location', type: 'text', nullable: true })
  sourceLocation: string | null;

  @Column({ name: 'ingested_at', type: 'timestamptz' })
  ingestedAt: Date;

  @CreateDateColumn({ name: 'explored_at', type: 'timestamptz' })
  exploredAt: Date;
}
