import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { LIST_SORTS } from '@atlas/contracts';
import { CursorPage, cursorInvalid, cursorKey, cursorPageOf, CursorValue, encodeCursor } from '@atlas/platform';
import { TypedDatasetRepository, type DatasetEntry } from './typed-dataset.repository';
import { TYPED_SCHEMA } from './typed-columns';

export interface DatasetView {
  datasetId: string;
  table: string;
  primaryKey: string[];
  columns: Array<{ name: string; type: string }>;
  contractId: string;
  contractVersion: string;
  createdAt: Date;
  updatedAt: Date;
}

const MAX_KEY_VALUE_LENGTH = 2048;
const RECENT_CONFLICTS = 10;

/** The cursor scopes of the two lists: a row cursor pages only the dataset that issued it. */
export const DATASETS_SCOPE = `datasets:${LIST_SORTS.datasets[0]}`;
export const rowsScope = (datasetId: string): string => `dataset-rows:${datasetId}:${LIST_SORTS.datasetRows[0]}`;

/** A key of `length` text values (the key columns' values as text), each bounded. */
const textKeyOf = (length: number) => (key: CursorValue[]) => key.length === length && key.every((value) => typeof value === 'string' && value.length <= MAX_KEY_VALUE_LENGTH);

function viewOf(entry: DatasetEntry): DatasetView {
  return {
    datasetId: entry.datasetId,
    table: `${TYPED_SCHEMA}.${entry.datasetId}`,
    primaryKey: entry.primaryKey,
    columns: entry.columns,
    contractId: entry.contractId,
    contractVersion: entry.contractVersion,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
  };
}

/** The typed Navigate datasets: what exists, one with its counts, and its rows page by page. */
@Injectable()
export class DatasetsService {
  constructor(private readonly repository: TypedDatasetRepository) {}

  async list(limit: number, cursor: string | undefined): Promise<CursorPage<DatasetView>> {
    const after = cursorKey(cursor, DATASETS_SCOPE, textKeyOf(1))?.[0] as string | undefined;
    const entries = await this.repository.list(limit + 1, after);
    return cursorPageOf(entries, limit, DATASETS_SCOPE, (entry) => [entry.datasetId], viewOf);
  }

  async find(datasetId: string): Promise<DatasetView & { rowCount: number; conflicts: { total: number; recent: Array<{ recordId: string; contractVersion: string; reason: string; recordedAt: Date }> } }> {
    const entry = await this.entryOf(datasetId);
    const [rowCount, conflicts] = await Promise.all([this.repository.countRows(datasetId), this.repository.conflicts(datasetId, RECENT_CONFLICTS)]);
    return { ...viewOf(entry), rowCount, conflicts };
  }

  async rows(datasetId: string, limit: number, cursor: string | undefined): Promise<CursorPage<{ recordId: string; runId: string; contractVersion: string; values: Record<string, unknown> }>> {
    const entry = await this.entryOf(datasetId);
    const scope = rowsScope(datasetId);
    const after = cursorKey(cursor, scope, textKeyOf(Math.max(1, entry.primaryKey.length))) as string[] | undefined;
    try {
      const page = await this.repository.rowsPage(entry, limit, after);
      return { items: page.items, nextCursor: page.lastKey ? encodeCursor(scope, page.lastKey) : null };
    } catch (error) {
      // A cursor of the dataset before its key changed type (SQLSTATE class 22: data exception).
      if (error instanceof QueryFailedError && String((error as { code?: unknown }).code ?? '').startsWith('22')) throw cursorInvalid();
      throw error;
    }
  }

  /** The record id of the row whose key has these values (text, in the order of the dataset's primary key; the record id without one). */
  async recordIdOf(datasetId: string, key: readonly string[]): Promise<string> {
    const entry = await this.entryOf(datasetId);
    const keyColumns = entry.primaryKey.length === 0 ? ['atlas_record_id'] : entry.primaryKey;
    if (key.length !== keyColumns.length) {
      throw new BadRequestException({ statusCode: 400, code: 'invalid_key', message: `key must give ${keyColumns.length} value(s), in the order of the dataset's key: ${keyColumns.join(', ')}` });
    }
    let recordId: string | undefined;
    try {
      recordId = await this.repository.recordIdByKey(entry, key);
    } catch (error) {
      // A value that is not of its column's type (SQLSTATE class 22: data exception).
      if (error instanceof QueryFailedError && String((error as { code?: unknown }).code ?? '').startsWith('22')) {
        throw new BadRequestException({ statusCode: 400, code: 'invalid_key', message: `key values must be of the types of the dataset's key columns: ${keyColumns.join(', ')}` });
      }
      throw error;
    }
    if (!recordId) throw new NotFoundException({ statusCode: 404, code: 'row_not_found', message: 'the dataset has no row with this key' });
    return recordId;
  }

  private async entryOf(datasetId: string): Promise<DatasetEntry> {
    const entry = await this.repository.find(datasetId);
    if (!entry) throw new NotFoundException({ statusCode: 404, code: 'dataset_not_found', message: 'no typed dataset has this id' });
    return entry;
  }
}
