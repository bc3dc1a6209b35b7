import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { findingCountIncrements } from './finding-counts';
import { PiiFindingRecordEntity } from './pii-finding-record.entity';

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

const ADD_TO_COUNTS_SQL = `INSERT INTO gateway.pii_finding_counts AS counted (source_id, field, entity_type, run_id, findings, records, last_detected_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::bigint[], $6::bigint[], $7::timestamptz[])
  ON CONFLICT (source_id, field, entity_type, run_id) DO UPDATE SET
    findings = counted.findings + EXCLUDED.findings,
    records = counted.records + EXCLUDED.records,
    last_detected_at = greatest(counted.last_detected_at, EXCLUDED.last_detected_at)`;

@Injectable()
export class PiiFindingRecordRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Stores each record's findings once and adds the records stored now to the counts, in one
   * transaction: a redelivered record is neither stored nor counted again, and a failed batch leaves
   * neither behind. Rows go in key order, so concurrent batches wait for each other, never deadlock.
   */
  async storeFindings(records: PiiFindingRecordEntity[]): Promise<void> {
    if (records.length === 0) return;
    const sorted = [...records].sort((left, right) => (left.recordId < right.recordId ? -1 : left.recordId > right.recordId ? 1 : 0));
    await this.dataSource.transaction(async (manager) => {
      const inserted = await insertIgnoringDuplicates(manager.getRepository(PiiFindingRecordEntity), sorted, { returning: ['record_id'] });
      const insertedIds = new Set(inserted.map((row) => String(row.record_id)));
      // A record twice in one batch is stored once; only its first copy counts.
      const increments = findingCountIncrements(sorted.filter((record) => insertedIds.delete(record.recordId)));
      if (increments.length === 0) return;
      await manager.query(ADD_TO_COUNTS_SQL, [
        increments.map((increment) => increment.sourceId),
        increments.map((increment) => increment.field),
        increments.map((increment) => increment.entityType),
        increments.map((increment) => increment.runId),
        increments.map((increment) => increment.findings),
        increments.map((increment) => increment.records),
        increments.map((increment) => increment.lastDetectedAt),
      ]);
    });
  }

  /**
   * Findings counted per source, field and entity type, in that order after `after` (the group of the
   * last count served), summed over runs: the keyset is the grouping key, so the page is cut before
   * grouping, and the work grows with runs, never with records.
   */
  async countBySourceFieldAndType(filter: { sourceId?: string; runId?: string }, after: FindingCountKey | undefined, limit: number): Promise<FindingCount[]> {
    const conditions: string[] = [];
    const parameters: unknown[] = [];
    const bind = (value: unknown) => `$${parameters.push(value)}`;
    if (filter.sourceId) conditions.push(`source_id = ${bind(filter.sourceId)}`);
    if (filter.runId) conditions.push(`run_id = ${bind(filter.runId)}`);
    if (after) conditions.push(`(source_id, field, entity_type) > (${bind(after[0])}, ${bind(after[1])}, ${bind(after[2])})`);
    const rows: Array<{ sourceId: string; field: string; entityType: string; findings: string; records: string; lastDetectedAt: Date }> = await this.dataSource.query(
      `SELECT source_id AS "sourceId", field, entity_type AS "entityType", sum(findings)::bigint AS findings, sum(records)::bigint AS records,
              max(last_detected_at) AS "lastDetectedAt"
         FROM gateway.pii_finding_counts
        ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        GROUP BY source_id, field, entity_type
        ORDER BY source_id, field, entity_type
        LIMIT ${bind(limit)}`,
      parameters,
    );
    return rows.map((row) => ({ ...row, findings: Number(row.findings), records: Number(row.records), lastDetectedAt: new Date(row.lastDetectedAt).toISOString() }));
  }
}
