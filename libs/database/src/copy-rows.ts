import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** One COPY value as PostgreSQL's text input of its column type; null is NULL. */
export type CopyValue = string | null;

/** Lines are sent in chunks of about this many characters (one write per chunk, not per row). */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * A value in COPY's text format: NULL is `\N`; a backslash, tab, line feed and carriage return are
 * escaped (the only characters the format gives a meaning), so any text, JSON included, round-trips.
 * NUL cannot be stored in PostgreSQL text at all: it is refused here (records holding it are refused
 * at ingestion already), never dropped or altered.
 */
export function copyTextValue(value: CopyValue): string {
  if (value === null) return '\\N';
  if (value.includes('\u0000')) throw new RangeError('a NUL character cannot be copied into PostgreSQL');
  return value.replace(/[\\\t\n\r]/g, (character) => COPY_ESCAPES[character]);
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One row in COPY's text format: values separated by tabs, ended by a line feed. */
export function copyTextLine(values: readonly CopyValue[]): string {
  return `${values.map(copyTextValue).join('\t')}\n`;
}

/** The rows as COPY text, in chunks of about CHUNK_CHARACTERS (every chunk ends at a line end). */
export function* copyTextChunks(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyTextLine(row);
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * `COPY <table> (<columns>) FROM STDIN` (text format) of the rows, on the connection of the
 * caller's transaction (`manager` from `DataSource.transaction`): an error rolls the whole
 * transaction back with it. `table` and `columns` are SQL identifiers, already quoted. Returns the
 * rows PostgreSQL copied.
 */
export async function copyRowsInto(manager: EntityManager, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('COPY runs inside the caller transaction (an EntityManager from DataSource.transaction)');
  const client = (await runner.connect()) as ClientBase;
  const copy = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyTextChunks(rows)), copy);
  return copy.rowCount;
}
