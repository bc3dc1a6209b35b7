import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
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

/** Opaque page cursors: base64url of the JSON of the last key (text values). */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, keyLength: number): string[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== keyLength || !key.every((value) => typeof value === 'string' && value.length <= MAX_KEY_VALUE_LENGTH)) {
    throw new BadRequestException({ statusCode: 400, code: 'invalid_cursor', message: 'cursor is not a cursor of this dataset' });
  }
  return key as string[];
}

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

  async list(limit: number, cursor: string | undefined): Promise<{ items: DatasetView[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor, 1)[0];
    const entries = await this.repository.list(limit + 1, after);
    const page = entries.slice(0, limit);
    return { items: page.map(viewOf), nextCursor: entries.length > limit ? encodeCursor([page[page.length - 1].datasetId]) : null };
  }

  async find(datasetId: string): Promise<DatasetView & { rowCount: number; conflicts: { total: number; recent: Array<{ recordId: string; contractVersion: string; reason: string; recordedAt: Date }> } }> {
    const entry = await this.entryOf(datasetId);
    const [rowCount, conflicts] = await Promise.all([this.repository.countRows(datasetId), this.repository.conflicts(datasetId, RECENT_CONFLICTS)]);
    return { ...viewOf(entry), rowCount, conflicts };
  }

  async rows(datasetId: string, limit: number, cursor: string | undefined): Promise<{ items: Array<{ recordId: string; runId: string; contractVersion: string; values: Record<string, unknown> }>; nextCursor: string | null }> {
    const entry = await this.entryOf(datasetId);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, Math.max(1, entry.primaryKey.length));
    try {
      const page = await this.repository.rowsPage(entry, limit, after);
      return { items: page.items, nextCursor: page.lastKey ? encodeCursor(page.lastKey) : null };
    } catch (error) {
      // A forged cursor whose text is not of the key's type (SQLSTATE class 22: data exception).
      if (error instanceof QueryFailedError && String((error as { code?: unknown }).code ?? '').startsWith('22')) {
        throw new BadRequestException({ statusCode: 400, code: 'invalid_cursor', message: 'cursor is not a cursor of this dataset' });
      }
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
