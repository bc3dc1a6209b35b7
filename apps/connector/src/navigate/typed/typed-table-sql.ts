import { createHash } from 'node:crypto';
import { quoteIdentifier, typedTableName, type TypedColumn } from './typed-columns';
import type { TypedRow } from './typed-rows';

export interface SqlStatement {
  text: string;
  values: unknown[];
}

/** Atlas's own columns, first in every typed table: the row's provenance and its version order. */
const SYSTEM_COLUMNS: ReadonlyArray<{ name: string; type: string }> = [
  { name: 'atlas_record_id', type: 'uuid' },
  { name: 'atlas_run_id', type: 'uuid' },
  { name: 'atlas_position_index', type: 'integer' },
  { name: 'atlas_ingested_at', type: 'timestamptz' },
  { name: 'atlas_contract_id', type: 'text' },
  { name: 'atlas_contract_version', type: 'text' },
];
const VERSION_ORDER = ['atlas_ingested_at', 'atlas_position_index', 'atlas_record_id'];

function keyColumns(primaryKey: readonly string[]): string {
  return (primaryKey.length === 0 ? ['atlas_record_id'] : primaryKey).map(quoteIdentifier).join(', ');
}

export function createTableSql(datasetId: string, columns: readonly TypedColumn[], primaryKey: readonly string[]): string {
  const definitions = [
    ...SYSTEM_COLUMNS.map((column) => `${column.name} ${column.type} NOT NULL`),
    'atlas_written_at timestamptz NOT NULL DEFAULT now()',
    ...columns.map((column) => `${quoteIdentifier(column.name)} ${column.type}`),
    `PRIMARY KEY (${keyColumns(primaryKey)})`,
  ];
  return `CREATE TABLE IF NOT EXISTS ${typedTableName(datasetId)} (${definitions.join(', ')})`;
}

/**
 * The index on `atlas_record_id` of a table keyed by a business key (one keyed by record id has it
 * as its primary key): subject erasure deletes by record id, and provenance looks rows up by it.
 * Named from a hash of the dataset id, so two long ids never share a (63-byte) index name; the
 * migration that indexes the tables created before uses the same name.
 */
export function recordIdIndexSql(datasetId: string, primaryKey: readonly string[]): string | undefined {
  if (primaryKey.length === 0) return undefined;
  return `CREATE INDEX IF NOT EXISTS ${quoteIdentifier(recordIdIndexName(datasetId))} ON ${typedTableName(datasetId)} (atlas_record_id)`;
}

export function recordIdIndexName(datasetId: string): string {
  return `atlas_record_id_${createHash('sha256').update(datasetId, 'utf8').digest('hex').slice(0, 24)}`;
}

export function addColumnsSql(datasetId: string, columns: readonly TypedColumn[]): string {
  return `ALTER TABLE ${typedTableName(datasetId)} ${columns.map((column) => `ADD COLUMN IF NOT EXISTS ${quoteIdentifier(column.name)} ${column.type}`).join(', ')}`;
}

/** The columns a batch writes, quoted, in the order of `upsertParametersOf`. */
export function writtenColumns(columns: readonly TypedColumn[]): string[] {
  return [...SYSTEM_COLUMNS.map((column) => column.name), ...columns.map((column) => quoteIdentifier(column.name))];
}

/**
 * `INSERT … SELECT * FROM unnest($1::uuid[], …)` with `ON CONFLICT` on the business key: each
 * column travels as one array of its type's text input (as `insertIgnoringDuplicates` does), so the
 * statement is the same whatever the batch and PostgreSQL parses each value with its column type's
 * input function. One statement per batch: no staging table to create and drop (four round trips
 * and catalog churn per batch, which cost 2–3× the PostgreSQL time of the insert itself on small
 * paced batches). A row replaces the stored version of its key only when it is newer (ingestion
 * time, position, record id), so a redelivered or older record never overwrites a newer one and a
 * replay changes nothing. Without a business key rows are keyed by record id and never updated.
 * The rows hold one version per key (typedRowsOf): a statement may not touch a row twice.
 */
export function upsertRowsSql(datasetId: string, columns: readonly TypedColumn[], primaryKey: readonly string[]): string {
  const names = writtenColumns(columns);
  const quotedKey = primaryKey.map(quoteIdentifier);
  const arrays = [...SYSTEM_COLUMNS, ...columns].map((column, index) => `$${index + 1}::${column.type}[]`);
  const onConflict =
    primaryKey.length === 0
      ? 'ON CONFLICT (atlas_record_id) DO NOTHING'
      : `ON CONFLICT (${keyColumns(primaryKey)}) DO UPDATE SET ${[...names.filter((name) => !quotedKey.includes(name)).map((name) => `${name} = EXCLUDED.${name}`), 'atlas_written_at = now()'].join(', ')} ` +
        `WHERE (${VERSION_ORDER.map((name) => `EXCLUDED.${name}`).join(', ')}) > (${VERSION_ORDER.map((name) => `target.${name}`).join(', ')})`;
  return `INSERT INTO ${typedTableName(datasetId)} AS target (${names.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')}) ${onConflict}`;
}

/**
 * The parameters of `upsertRowsSql`: one array per written column, the rows' values in row order.
 * NUL, which PostgreSQL text cannot hold, is refused here (records holding it are refused at
 * ingestion already), never dropped or altered.
 */
export function upsertParametersOf(rows: readonly TypedRow[], columnCount: number): Array<Array<string | null>> {
  const system: Array<Array<string | null>> = SYSTEM_COLUMNS.map(() => new Array<string | null>(rows.length));
  const values: Array<Array<string | null>> = Array.from({ length: columnCount }, () => new Array<string | null>(rows.length));
  rows.forEach((row, index) => {
    system[0][index] = row.recordId;
    system[1][index] = row.runId;
    system[2][index] = String(row.positionIndex);
    system[3][index] = row.ingestedAt;
    system[4][index] = row.contractId;
    system[5][index] = row.contractVersion;
    for (let column = 0; column < columnCount; column++) {
      const value = row.values[column] ?? null;
      if (value !== null && value.includes('\u0000')) throw new RangeError('a NUL character cannot be stored in PostgreSQL text');
      values[column][index] = value;
    }
  });
  return [...system, ...values];
}

/**
 * One page of a typed table in key order (keyset pagination: `after` holds the text of the last
 * row's key values). Values come back as JSON (dates as ISO text), without Atlas's own columns.
 */
export function rowsPageSql(datasetId: string, columns: readonly TypedColumn[], primaryKey: readonly string[], limit: number, after: readonly string[] | undefined): SqlStatement {
  const key = primaryKey.length === 0 ? [{ name: 'atlas_record_id', type: 'uuid' }] : primaryKey.map((name) => columns.find((column) => column.name === name)!);
  const keyList = key.map((column) => quoteIdentifier(column.name)).join(', ');
  const values: unknown[] = [];
  const where = after ? ` WHERE (${keyList}) > (${key.map((column, index) => `$${values.push(after[index])}::${column.type}`).join(', ')})` : '';
  values.push(limit);
  const ownColumns = [...SYSTEM_COLUMNS.map((column) => column.name), 'atlas_written_at'].map((name) => `'${name}'`).join(', ');
  return {
    text:
      `SELECT target.atlas_record_id AS "recordId", target.atlas_run_id AS "runId", target.atlas_contract_version AS "contractVersion", to_jsonb(target) - ARRAY[${ownColumns}]::text[] AS "values", ` +
      `ARRAY[${key.map((column) => `target.${quoteIdentifier(column.name)}::text`).join(', ')}] AS "keyText" FROM ${typedTableName(datasetId)} AS target${where} ORDER BY ${keyList} LIMIT $${values.length}`,
    values,
  };
}

/** The record id of the row whose business key (or record id, without one) has these values, as text in key order. */
export function recordIdByKeySql(datasetId: string, columns: readonly TypedColumn[], primaryKey: readonly string[], key: readonly string[]): SqlStatement {
  const keyColumns = primaryKey.length === 0 ? [{ name: 'atlas_record_id', type: 'uuid' }] : primaryKey.map((name) => columns.find((column) => column.name === name)!);
  const values: unknown[] = [];
  const matches = keyColumns.map((column, index) => `${quoteIdentifier(column.name)} = $${values.push(key[index])}::${column.type}`).join(' AND ');
  return { text: `SELECT atlas_record_id AS "recordId" FROM ${typedTableName(datasetId)} WHERE ${matches}`, values };
}

/** Deletes the rows these records wrote (data-subject erasure); run again, it deletes nothing. */
export function deleteRecordRowsSql(datasetId: string, recordIds: readonly string[]): SqlStatement {
  return {
    text: `WITH deleted AS (DELETE FROM ${typedTableName(datasetId)} WHERE atlas_record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted`,
    values: [[...recordIds]],
  };
}

/** Sets columns of the rows these records wrote (data-subject rectification), each value cast to its column's type. */
export function updateRecordColumnsSql(datasetId: string, assignments: ReadonlyArray<{ column: TypedColumn; parameter: string | null }>, recordIds: readonly string[]): SqlStatement {
  const values: unknown[] = [[...recordIds]];
  const set = assignments.map(({ column, parameter }) => `${quoteIdentifier(column.name)} = $${values.push(parameter)}::${column.type}`);
  return { text: `UPDATE ${typedTableName(datasetId)} SET ${set.join(', ')}, atlas_written_at = now() WHERE atlas_record_id = ANY($1::uuid[])`, values };
}
