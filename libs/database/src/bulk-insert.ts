import { createHash } from 'node:crypto';
import { ObjectLiteral, Repository } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** PostgreSQL's wire protocol counts bind parameters in 16 bits: one statement holds at most 65,535. */
export const POSTGRES_MAX_BIND_PARAMETERS = 65535;

/**
 * Splits rows into groups whose statements stay under the bind-parameter limit (each row binds at
 * most `parametersPerRow` values). `maxRowsPerStatement` keeps statements of narrow rows reasonable.
 */
export function chunkRowsForInsert<T>(rows: readonly T[], parametersPerRow: number, maxRowsPerStatement = 5000): T[][] {
  if (!Number.isInteger(parametersPerRow) || parametersPerRow < 1) throw new RangeError('parametersPerRow must be a positive integer');
  const rowsPerStatement = Math.max(1, Math.min(maxRowsPerStatement, Math.floor(POSTGRES_MAX_BIND_PARAMETERS / parametersPerRow)));
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += rowsPerStatement) chunks.push(rows.slice(start, start + rowsPerStatement));
  return chunks;
}

/**
 * `INSERT … ON CONFLICT DO NOTHING` of any number of rows, in statements under the bind-parameter
 * limit. Every Atlas table is keyed so that a redelivered row adds nothing; a failure after some
 * statements therefore needs no rollback: the retry inserts the rest and skips what is there.
 */
export async function insertIgnoringDuplicates<Entity extends ObjectLiteral>(
  repository: Repository<Entity>,
  rows: readonly QueryDeepPartialEntity<Entity>[],
): Promise<void> {
  if (rows.length === 0) return;
  // Every column may bind one parameter per row (defaults are sent as DEFAULT, which binds none).
  const parametersPerRow = Math.max(1, repository.metadata.columns.length);
  for (const chunk of chunkRowsForInsert(rows, parametersPerRow)) {
    await repository.createQueryBuilder().insert().into(repository.target).values(chunk).orIgnore().execute();
  }
}

/** A btree index row holds at most ~2,700 bytes; indexed text columns keep well under it. */
export const MAX_INDEXED_TEXT_BYTES = 1024;
const HASH_SUFFIX_HEX = 16;

/**
 * A text bounded for an indexed column: values that fit are kept as they are; longer ones are cut
 * (at a character boundary) and end in `…#` + 16 hex digits of the full value's sha256, so two long
 * values stay distinct and the same value always maps to the same bounded text.
 */
export function boundedIndexText(value: string, maxBytes = MAX_INDEXED_TEXT_BYTES): string {
  if (Buffer.byteLength(value, 'utf8') <= maxBytes) return value;
  const suffix = `…#${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, HASH_SUFFIX_HEX)}`;
  const budget = maxBytes - Buffer.byteLength(suffix, 'utf8');
  let bytes = 0;
  let end = 0;
  for (const character of value) {
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    end += character.length;
  }
  return value.slice(0, end) + suffix;
}
