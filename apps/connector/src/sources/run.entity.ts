import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { SourceState } from './connectors/source-connector';

export type RunState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const ACTIVE_RUN_STATES: readonly RunState[] = ['queued', 'running'];

/** A committed checkpoint: the connector's state and the run's counts when every record before it was stored in Explore. */
export interface RunCheckpoint {
  state: SourceState;
  read: number;
  published: number;
  deadLettered: number;
  /** Location of the first record published by the run, for its lineage. */
  firstLocation?: string;
  lastLocation?: string;
}

// bigint columns arrive as strings from pg; counts stay far below 2^53.
const COUNT = { type: 'bigint' as const, default: 0, transformer: { to: (value: number) => value, from: (value: string | null) => Number(value ?? 0) } };

@Entity({ schema: 'connector', name: 'runs' })
export class RunEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ type: 'text' })
  state: RunState;

  @Column({ name: 'records_read', ...COUNT })
  recordsRead: number;

  @Column({ name: 'records_published', ...COUNT })
  recordsPublished: number;

  @Column({ name: 'records_dead_lettered', ...COUNT })
  recordsDeadLettered: number;

  @Column({ type: 'jsonb', nullable: true })
  checkpoint: RunCheckpoint | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
