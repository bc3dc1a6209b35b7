import type { PiiFindingRecordEntity } from './pii-finding-record.entity';

/** What a batch adds to one count: findings and records of a source, field and entity type within a run. */
export interface FindingCountIncrement {
  sourceId: string;
  field: string;
  entityType: string;
  runId: string;
  findings: number;
  records: number;
  lastDetectedAt: Date;
}

/**
 * The counts newly stored records add, one increment per source, field, entity type and run (a record
 * counts once in each group it has findings in), sorted by that key: concurrent batches then lock the
 * count rows they share in the same order and cannot deadlock.
 */
export function findingCountIncrements(records: readonly PiiFindingRecordEntity[]): FindingCountIncrement[] {
  const increments = new Map<string, FindingCountIncrement>();
  for (const record of records) {
    const groupsOfRecord = new Set<string>();
    for (const finding of record.findings) {
      const key = [record.sourceId, finding.field, finding.entityType, record.runId].join('\u0000');
      let increment = increments.get(key);
      if (!increment) {
        increment = { sourceId: record.sourceId, field: finding.field, entityType: finding.entityType, runId: record.runId, findings: 0, records: 0, lastDetectedAt: record.detectedAt };
        increments.set(key, increment);
      }
      increment.findings += 1;
      if (!groupsOfRecord.has(key)) {
        groupsOfRecord.add(key);
        increment.records += 1;
      }
      if (record.detectedAt > increment.lastDetectedAt) increment.lastDetectedAt = record.detectedAt;
    }
  }
  return [...increments.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)).map(([, increment]) => increment);
}
