import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { chunkRowsForInsert, MAX_ROWS_PER_UNNEST_STATEMENT } from '@atlas/database';
import { typedTableName, type ColumnType, type TypedColumn } from './typed-columns';
import type { TypedRow } from './typed-rows';
import {
  addColumnsSql,
  createTableSql,
  deleteRecordRowsSql,
  recordIdByKeySql,
  recordIdIndexSql,
  rowsPageSql,
  updateRecordColumnsSql,
  upsertParametersOf,
  upsertRowsSql,
} from './typed-table-sql';
import type { TableState } from './typed-table-plan';

/** A dataset as the registry (`connector.navigate_datasets`) holds it. */
export interface DatasetEntry extends TableState {
  datasetId: string;
  contractId: string;
  contractVersion: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface TypedConflict {
  recordId: string;
  datasetId: string;
  runId: string;
  positionIndex: number;
  contractId: string;
  contractVersion: string;
  reason: string;
}

export interface TypedRowsPage {
  /** runId: the ingestion run that wrote the row (its record provenance: GET /api/v1/lineage/runs/{runId}/provenance). */
  items: Array<{ recordId: string; runId: string; contractVersion: string; values: Record<string, unknown> }>;
  /** Text of the last row's key values, for the next page; absent on the last page. */
  lastKey?: string[];
}

interface DatasetRow {
  dataset_id: string;
  primary_key: string[];
  columns: Array<{ name: string; type: ColumnType }>;
  contract_id: string;
  contract_version: string;
  created_at: Date;
  updated_at: Date;
}

const DATASET_COLUMNS = 'dataset_id, primary_key, columns, contract_id, contract_version, created_at, updated_at';

function entryOf(row: DatasetRow): DatasetEntry {
  return { datasetId: row.dataset_id, primaryKey: row.primary_key, columns: row.columns, contractId: row.contract_id, contractVersion: row.contract_version, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The typed Navigate tables, their registry and their conflicts: the only code that touches them. */
@Injectable()
export class TypedDatasetRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises the writers of one dataset (DDL and upserts) until the transaction ends. */
  async lock(manager: EntityManager, datasetId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`atlas.navigate_typed:${datasetId}`]);
  }

  async find(datasetId: string, manager: EntityManager = this.dataSource.manager): Promise<DatasetEntry | undefined> {
    const rows: DatasetRow[] = await manager.query(`SELECT ${DATASET_COLUMNS} FROM connector.navigate_datasets WHERE dataset_id = $1`, [datasetId]);
    return rows[0] && entryOf(rows[0]);
  }

  /** Creates the table or adds columns, and records its new shape and the version that gave it. */
  async shape(manager: EntityManager, datasetId: string, change: { create: boolean; addColumns: TypedColumn[]; state: TableState; contractId: string; contractVersion: string }): Promise<void> {
    if (change.create) await manager.query(createTableSql(datasetId, change.state.columns, change.state.primaryKey));
    else if (change.addColumns.length > 0) await manager.query(addColumnsSql(datasetId, change.addColumns));
    else return;
    // Also when only columns are added: a table created before the index existed gets it then (the migration indexed the others).
    const index = recordIdIndexSql(datasetId, change.state.primaryKey);
    if (index) await manager.query(index);
    await manager.query(
      `INSERT INTO connector.navigate_datasets (dataset_id, primary_key, columns, contract_id, contract_version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (dataset_id) DO UPDATE SET columns = EXCLUDED.columns, contract_id = EXCLUDED.contract_id, contract_version = EXCLUDED.contract_version, updated_at = now()`,
      [datasetId, change.state.primaryKey, JSON.stringify(change.state.columns), change.contractId, change.contractVersion],
    );
  }

  /**
   * Writes a batch of rows in the caller's transaction: one `INSERT … SELECT * FROM unnest(…) ON
   * CONFLICT` on the business key per statement-sized chunk (upsertRowsSql). Returns the rows sent.
   */
  async upsert(manager: EntityManager, datasetId: string, columns: readonly TypedColumn[], primaryKey: readonly string[], rows: readonly TypedRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const statement = upsertRowsSql(datasetId, columns, primaryKey);
    for (let start = 0; start < rows.length; start += MAX_ROWS_PER_UNNEST_STATEMENT) {
      await manager.query(statement, upsertParametersOf(rows.slice(start, start + MAX_ROWS_PER_UNNEST_STATEMENT), columns.length));
    }
    return rows.length;
  }

  /** Conflicts are kept once per record (a redelivered record adds nothing). */
  async recordConflicts(manager: EntityManager, conflicts: readonly TypedConflict[]): Promise<void> {
    for (const chunk of chunkRowsForInsert(conflicts, 7)) {
      const values: unknown[] = [];
      const tuples = chunk.map((conflict) => {
        const row = [conflict.recordId, conflict.datasetId, conflict.runId, conflict.positionIndex, conflict.contractId, conflict.contractVersion, conflict.reason];
        return `(${row.map((value) => `$${values.push(value)}`).join(', ')})`;
      });
      await manager.query(
        `INSERT INTO connector.navigate_conflicts (record_id, dataset_id, run_id, position_index, contract_id, contract_version, reason) VALUES ${tuples.join(', ')} ON CONFLICT (record_id) DO NOTHING`,
        values,
      );
    }
  }

  /** One page of the registered dataset ids, in order (keyset on the id). */
  async datasetIds(manager: EntityManager, limit: number, afterDatasetId: string | undefined): Promise<string[]> {
    const rows: Array<{ dataset_id: string }> = await manager.query(
      'SELECT dataset_id FROM connector.navigate_datasets WHERE $1::text IS NULL OR dataset_id > $1 ORDER BY dataset_id LIMIT $2',
      [afterDatasetId ?? null, limit],
    );
    return rows.map((row) => row.dataset_id);
  }

  /** Deletes these records' rows from one typed table; returns how many went. */
  async deleteRecordRows(manager: EntityManager, datasetId: string, recordIds: readonly string[]): Promise<number> {
    const statement = deleteRecordRowsSql(datasetId, recordIds);
    const rows: Array<{ deleted: number }> = await manager.query(statement.text, statement.values);
    return rows[0].deleted;
  }

  /** Sets columns of these records' rows in one typed table (values already fitted to their columns). */
  async updateRecordColumns(manager: EntityManager, datasetId: string, assignments: ReadonlyArray<{ column: TypedColumn; parameter: string | null }>, recordIds: readonly string[]): Promise<void> {
    const statement = updateRecordColumnsSql(datasetId, assignments, recordIds);
    await manager.query(statement.text, statement.values);
  }

  /** Records these Navigate records as conflicts of a dataset (with their Navigate row's run, position and contract), once per record. */
  async recordNavigateConflicts(manager: EntityManager, datasetId: string, recordIds: readonly string[], reason: string): Promise<void> {
    await manager.query(
      `INSERT INTO connector.navigate_conflicts (record_id, dataset_id, run_id, position_index, contract_id, contract_version, reason)
       SELECT record_id, $2, run_id, position_index, contract_id, contract_version, $3 FROM connector.navigate_records WHERE record_id = ANY($1::uuid[])
       ON CONFLICT (record_id) DO NOTHING`,
      [[...recordIds], datasetId, reason],
    );
  }

  /** Deletes these records' conflicts (in every dataset); returns how many went. */
  async deleteConflicts(manager: EntityManager, recordIds: readonly string[]): Promise<number> {
    const rows: Array<{ deleted: number }> = await manager.query(
      'WITH deleted AS (DELETE FROM connector.navigate_conflicts WHERE record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted',
      [[...recordIds]],
    );
    return rows[0].deleted;
  }

  async list(limit: number, afterDatasetId: string | undefined): Promise<DatasetEntry[]> {
    const rows: DatasetRow[] = await this.dataSource.query(
      `SELECT ${DATASET_COLUMNS} FROM connector.navigate_datasets WHERE $1::text IS NULL OR dataset_id > $1 ORDER BY dataset_id LIMIT $2`,
      [afterDatasetId ?? null, limit],
    );
    return rows.map(entryOf);
  }

  /** Exact row count of one table (a scan: for one dataset's detail, never for a list). */
  async countRows(datasetId: string): Promise<number> {
    const rows: Array<{ count: string }> = await this.dataSource.query(`SELECT count(*) AS count FROM ${typedTableName(datasetId)}`);
    return Number(rows[0].count);
  }

  async conflicts(datasetId: string, limit: number): Promise<{ total: number; recent: Array<{ recordId: string; contractVersion: string; reason: string; recordedAt: Date }> }> {
    const [total, recent] = await Promise.all([
      this.dataSource.query('SELECT count(*) AS count FROM connector.navigate_conflicts WHERE dataset_id = $1', [datasetId]) as Promise<Array<{ count: string }>>,
      this.dataSource.query(
        'SELECT record_id AS "recordId", contract_version AS "contractVersion", reason, recorded_at AS "recordedAt" FROM connector.navigate_conflicts WHERE dataset_id = $1 ORDER BY recorded_at DESC, record_id LIMIT $2',
        [datasetId, limit],
      ) as Promise<Array<{ recordId: string; contractVersion: string; reason: string; recordedAt: Date }>>,
    ]);
    return { total: Number(total[0].count), recent };
  }

  /** The record id of the row with this key (text values in key order), if there is one. */
  async recordIdByKey(entry: DatasetEntry, key: readonly string[]): Promise<string | undefined> {
    const statement = recordIdByKeySql(entry.datasetId, entry.columns, entry.primaryKey, key);
    const rows: Array<{ recordId: string }> = await this.dataSource.query(statement.text, statement.values);
    return rows[0]?.recordId;
  }

  async rowsPage(entry: DatasetEntry, limit: number, after: readonly string[] | undefined): Promise<TypedRowsPage> {
    const statement = rowsPageSql(entry.datasetId, entry.columns, entry.primaryKey, limit + 1, after);
    const rows: Array<{ recordId: string; runId: string; contractVersion: string; values: Record<string, unknown>; keyText: string[] }> = await this.dataSource.query(statement.text, statement.values);
    const page = rows.slice(0, limit);
    return {
      items: page.map(({ recordId, runId, contractVersion, values }) => ({ recordId, runId, contractVersion, values })),
      ...(rows.length > limit ? { lastKey: page[page.length - 1].keyText } : {}),
    };
  }
}
