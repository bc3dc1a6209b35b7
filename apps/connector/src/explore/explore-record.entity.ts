import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Explore layer: the raw record as received, with its checksum. Holds raw personal data. */
@Entity({ schema: 'connector', name: 'explore_records' })
export class ExploreRecordEntity {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'position_index', type: 'integer' })
  positionIndex: number;

  @Column({ type: 'char', length: 64 })
  checksum: string;

  @Column({ type: 'jsonb' })
  payload: object;

  @Column({ name: 'ingested_at', type: 'timestamptz' })
  ingestedAt: Date;

  @CreateDateColumn({ name: 'explored_at', type: 'timestamptz' })
  exploredAt: Date;
}
