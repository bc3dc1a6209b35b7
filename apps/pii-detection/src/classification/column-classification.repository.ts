import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MoreThan, Repository } from 'typeorm';
import { chunkRowsForInsert } from '@atlas/database';
import { StoredColumnClassification } from '../structured/column-class';
import { ColumnClassificationEntity } from './column-classification.entity';

const COLUMNS = ['source_id', 'field', 'class', 'entity_type', 'ignored_entity_types', 'confidence', 'sampled_values', 'values_with_findings', 'decided_by'];

export interface SourceColumnClassification extends StoredColumnClassification {
  sourceId: string;
}

@Injectable()
export class ColumnClassificationRepository {
  constructor(@InjectRepository(ColumnClassificationEntity) private readonly classifications: Repository<ColumnClassificationEntity>) {}

  /** A page of a source's classifications, by field path after `afterField` (the keyset of the list). */
  pageOfSource(sourceId: string, afterField: string | undefined, limit: number): Promise<ColumnClassificationEntity[]> {
    return this.classifications.find({ where: { sourceId, ...(afterField === undefined ? {} : { field: MoreThan(afterField) }) }, order: { field: 'ASC' }, take: limit });
  }

  /** A source's classifications, by field path (at most `limit`). */
  ofSource(sourceId: string, limit: number): Promise<ColumnClassificationEntity[]> {
    return this.classifications.find({ where: { sourceId }, order: { field: 'ASC' }, take: limit });
  }

  /** Decisions users made after `since` (other replicas pick them up). */
  userDecisionsSince(since: Date): Promise<ColumnClassificationEntity[]> {
    return this.classifications.find({ where: { decidedBy: 'user', updatedAt: MoreThan(since) }, order: { updatedAt: 'ASC' }, take: 1000 });
  }

  findOne(sourceId: string, field: string): Promise<ColumnClassificationEntity | null> {
    return this.classifications.findOne({ where: { sourceId, field } });
  }

  /**
   * Writes classifications. The sampler's (`user` false) never replace a user's decision; a user's
   * always replaces whatever was there. Statements stay under the bind-parameter limit.
   */
  async upsert(rows: readonly SourceColumnClassification[], byUser: boolean): Promise<void> {
    for (const chunk of chunkRowsForInsert(rows, COLUMNS.length)) {
      const parameters: unknown[] = [];
      const tuples = chunk.map((row) => {
        const values = [row.sourceId, row.field, row.columnClass, row.entityType, row.ignoredEntityTypes, row.confidence, row.sampledValues, row.valuesWithFindings, row.decidedBy];
        const placeholders = values.map((value) => `$${parameters.push(value)}`);
        return `(${placeholders.join(', ')}, now())`;
      });
      const updates = COLUMNS.slice(2).map((column) => `${column} = EXCLUDED.${column}`);
      await this.classifications.query(
        `INSERT INTO pii_detection.column_classifications (${COLUMNS.join(', ')}, updated_at) VALUES ${tuples.join(', ')}
         ON CONFLICT (source_id, field) DO UPDATE SET ${updates.join(', ')}, updated_at = now()
         ${byUser ? '' : "WHERE pii_detection.column_classifications.decided_by = 'sampler'"}`,
        parameters,
      );
    }
  }
}
