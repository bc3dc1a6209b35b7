import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { boundedIndexText, insertIgnoringDuplicates } from '@atlas/database';
import { PiiFindingEntity } from './pii-finding.entity';

export interface FindingCount {
  sourceId: string;
  field: string;
  entityType: string;
  findings: number;
  records: number;
  lastDetectedAt: string;
}

/** The group of a finding count, its sort key: source, field, entity type. */
export type FindingCountKey = [sourceId: string, field: string, entityType: string];

@Injectable()
export class PiiFindingRepository {
  constructor(@InjectRepository(PiiFindingEntity) private readonly findings: Repository<PiiFindingEntity>) {}

  /**
   * A redelivered findings message adds nothing: each finding is keyed by record, field, type and offset.
   * Field paths and entity types are indexed, so they are bounded under the btree row limit (a long
   * path keeps its start and a hash of the whole; see boundedIndexText).
   */
  async insertIgnoringDuplicates(rows: PiiFindingEntity[]): Promise<void> {
    await insertIgnoringDuplicates(
      this.findings,
      rows.map((row) => ({ ...row, field: boundedIndexText(row.field), entityType: boundedIndexText(row.entityType, 200) })),
    );
  }

  /**
   * Findings counted per source, field and entity type, in that order after `after` (the group of the
   * last count served): the keyset is the grouping key, so the page is cut before grouping.
   */
  async countBySourceFieldAndType(filter: { sourceId?: string; runId?: string }, after: FindingCountKey | undefined, limit: number): Promise<FindingCount[]> {
    const query = this.findings
      .createQueryBuilder('finding')
      .select('finding.source_id', 'sourceId')
      .addSelect('finding.field', 'field')
      .addSelect('finding.entity_type', 'entityType')
      .addSelect('count(*)::int', 'findings')
      .addSelect('count(DISTINCT finding.record_id)::int', 'records')
      .addSelect('max(finding.detected_at)', 'lastDetectedAt')
      .groupBy('finding.source_id')
      .addGroupBy('finding.field')
      .addGroupBy('finding.entity_type')
      .orderBy('"sourceId"')
      .addOrderBy('"field"')
      .addOrderBy('"entityType"')
      .limit(limit);
    if (filter.sourceId) query.andWhere('finding.source_id = :sourceId', { sourceId: filter.sourceId });
    if (filter.runId) query.andWhere('finding.run_id = :runId', { runId: filter.runId });
    if (after) query.andWhere('(finding.source_id, finding.field, finding.entity_type) > (:afterSource, :afterField, :afterType)', { afterSource: after[0], afterField: after[1], afterType: after[2] });
    const rows = await query.getRawMany<FindingCount & { lastDetectedAt: Date }>();
    return rows.map((row) => ({ ...row, lastDetectedAt: new Date(row.lastDetectedAt).toISOString() }));
  }
}
