import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The id of every record stored in Explore (not partitioned): what makes inserts idempotent, since
 * the partitioned connector.explore_records can only be unique on (record_id, explored_at).
 */
@Entity({ schema: 'connector', name: 'explore_record_ids' })
export class ExploreRecordIdEntity {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  /** Equal to the record's explored_at (both DEFAULT now() in one transaction): the partition it is in. */
  @CreateDateColumn({ name: 'explored_at', type: 'timestamptz' })
  exploredAt: Date;
}
