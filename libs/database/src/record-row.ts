import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns every per-record table shares: a record is stored once per table, keyed by its id,
 * so a redelivered message adds nothing (the tables inherit these as concrete-table columns).
 */
export abstract class RecordRow {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @Column({ name: 'position_index', type: 'integer' })
  positionIndex: number;
}
