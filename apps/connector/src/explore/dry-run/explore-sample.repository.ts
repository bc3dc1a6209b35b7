import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ExploreSampleRecord, LatestExploreRecordsResult } from '@atlas/contracts';

/** One of a source's latest Explore rows, without its payload: what choosing within the byte budget needs. */
export interface LatestRowHeader {
  recordId: string;
  runId: string;
  positionIndex: number;
  sourceLocation: string | null;
  ingestedAt: Date;
  exploredAt: Date;
  /** Length of the payload's JSON text, in bytes. */
  bytes: number;
}

/**
 * The newest rows whose payloads fit the budget together (the newest always, however large), and
 * whether the budget left some out. `rows` come newest first. Linear in the rows.
 */
export function withinByteBudget(rows: readonly LatestRowHeader[], budgetBytes: number): { kept: LatestRowHeader[]; truncated: boolean } {
  let total = 0;
  let count = 0;
  for (const row of rows) {
    if (count > 0 && total + row.bytes > budgetBytes) break;
    total += row.bytes;
    count += 1;
  }
  return { kept: rows.slice(0, count), truncated: count < rows.length };
}

/** Ingestion time, then run, then position in the run: the order the source gave the records in. */
export function bySourceOrder(a: LatestRowHeader, b: LatestRowHeader): number {
  return a.ingestedAt.getTime() - b.ingestedAt.getTime() || (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0) || a.positionIndex - b.positionIndex;
}

/** Reads a source's most recently stored Explore records for a contract dry-run (raw payloads: never logged). */
@Injectable()
export class ExploreSampleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The last `last` records of the source stored (newest by storing time, then run and position) within `budgetBytes` of payload, in source order. */
  async latest(sourceId: string, last: number, budgetBytes: number): Promise<LatestExploreRecordsResult> {
    // Headers first (the source_explored index, no payload sent), so the budget bounds what is read back.
    const headers: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT record_id, run_id, position_index, source_location, ingested_at, explored_at, octet_length(payload::text) AS bytes
         FROM connector.explore_records WHERE source_id = $1
        ORDER BY explored_at DESC, run_id DESC, position_index DESC, record_id DESC LIMIT $2`,
      [sourceId, last],
    );
    const rows = headers.map((row): LatestRowHeader => ({
      recordId: String(row.record_id),
      runId: String(row.run_id),
      positionIndex: Number(row.position_index),
      sourceLocation: row.source_location === null ? null : String(row.source_location),
      ingestedAt: row.ingested_at as Date,
      exploredAt: row.explored_at as Date,
      bytes: Number(row.bytes),
    }));
    const { kept, truncated } = withinByteBudget(rows, budgetBytes);
    if (kept.length === 0) return { records: [], truncated };
    // The oldest kept row bounds the partitions read (a Date floors the microseconds, so >= keeps it).
    const since = kept[kept.length - 1].exploredAt;
    const payloads: Array<{ record_id: string; payload: Record<string, unknown> }> = await this.dataSource.query(
      'SELECT record_id, payload FROM connector.explore_records WHERE source_id = $1 AND record_id = ANY($2::uuid[]) AND explored_at >= $3',
      [sourceId, kept.map((row) => row.recordId), since],
    );
    const payloadOf = new Map(payloads.map((row) => [String(row.record_id), row.payload]));
    // Erased between the two reads (a data-subject request): left out. The partitions of one run are
    // stored in separate batches, so the answer is in source order (ingestion, run, position), not storing order.
    const records = kept
      .filter((row) => payloadOf.has(row.recordId))
      .sort(bySourceOrder)
      .map((row): ExploreSampleRecord => {
        const position = row.sourceLocation === null ? { index: row.positionIndex } : { index: row.positionIndex, location: row.sourceLocation };
        return { recordId: row.recordId, runId: row.runId, position, ingestedAt: row.ingestedAt.toISOString(), payload: payloadOf.get(row.recordId)! };
      });
    return { records, truncated };
  }
}
