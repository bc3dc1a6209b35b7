import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One column of one source: its class, the evidence behind it and who decided (never values). */
@Entity({ schema: 'pii_detection', name: 'column_classifications' })
export class ColumnClassificationEntity {
  @PrimaryColumn({ name: 'source_id', type: 'text' })
  sourceId: string;

  /** The column's field path in its stored form (protected keys, long paths hashed). */
  @PrimaryColumn({ name: 'field', type: 'text' })
  field: string;

  @Column({ name: 'class', type: 'text' })
  columnClass: string;

  @Column({ name: 'entity_type', type: 'text', nullable: true })
  entityType: string | null;

  @Column({ name: 'ignored_entity_types', type: 'text', array: true })
  ignoredEntityTypes: string[];

  @Column({ name: 'confidence', type: 'real' })
  confidence: number;

  @Column({ name: 'sampled_values', type: 'integer' })
  sampledValues: number;

  @Column({ name: 'values_with_findings', type: 'integer' })
  valuesWithFindings: number;

  @Column({ name: 'decided_by', type: 'text' })
  decidedBy: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
