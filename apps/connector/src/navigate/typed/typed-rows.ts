import type { ChartRecordEnvelope } from '@atlas/contracts';
import { fitValue, type TypedColumn } from './typed-columns';

/** One record as a row of its typed table: its values as bind parameters, in column order. */
export interface TypedRow {
  recordId: string;
  runId: string;
  positionIndex: number;
  ingestedAt: string;
  contractId: string;
  contractVersion: string;
  values: Array<string | null>;
}

export interface RowConflict {
  record: ChartRecordEnvelope;
  reason: string;
}

/**
 * The order of versions of one business key: later ingestion, then later position in the source,
 * then the greater record id (a deterministic tie-break, so redelivery in any order agrees). The
 * upsert applies the same order in SQL.
 */
export function isNewer(candidate: TypedRow, current: TypedRow): boolean {
  const candidateTime = Date.parse(candidate.ingestedAt);
  const currentTime = Date.parse(current.ingestedAt);
  if (candidateTime !== currentTime) return candidateTime > currentTime;
  if (candidate.positionIndex !== current.positionIndex) return candidate.positionIndex > current.positionIndex;
  return candidate.recordId.toLowerCase() > current.recordId.toLowerCase();
}

/**
 * Builds the rows of one contract version's records: each value checked against its column (a
 * value that does not fit, or a primary key without value, makes the record a conflict with the
 * reason), then one row per business key, its newest version (a statement may not touch a row twice).
 */
export function typedRowsOf(records: readonly ChartRecordEnvelope[], columns: readonly TypedColumn[], primaryKey: readonly string[]): { rows: TypedRow[]; conflicts: RowConflict[] } {
  const keyIndexes = primaryKey.map((name) => columns.findIndex((column) => column.name === name));
  const latest = new Map<string, TypedRow>();
  const conflicts: RowConflict[] = [];
  for (const record of records) {
    const values: Array<string | null> = [];
    let reason: string | undefined;
    for (const column of columns) {
      const fitted = fitValue(Object.hasOwn(record.payload, column.name) ? record.payload[column.name] : undefined, column.type);
      if (!fitted.fits) {
        reason = `column ${JSON.stringify(column.name)} (${column.type}): ${fitted.problem}`;
        break;
      }
      values.push(fitted.parameter);
    }
    const emptyKey = reason === undefined ? keyIndexes.find((index) => values[index] === null) : undefined;
    if (emptyKey !== undefined) reason = `primary key column ${JSON.stringify(columns[emptyKey].name)} has no value`;
    if (reason !== undefined) {
      conflicts.push({ record, reason });
      continue;
    }
    const row: TypedRow = {
      recordId: record.recordId,
      runId: record.runId,
      positionIndex: record.position.index,
      ingestedAt: record.ingestedAt,
      contractId: record.quality.contractId,
      contractVersion: record.quality.contractVersion,
      values,
    };
    const key = keyIndexes.length === 0 ? record.recordId : JSON.stringify(keyIndexes.map((index) => values[index]));
    const current = latest.get(key);
    if (!current || isNewer(row, current)) latest.set(key, row);
  }
  return { rows: [...latest.values()], conflicts };
}
