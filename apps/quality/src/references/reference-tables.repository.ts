import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReferenceColumns } from '../checks/reference/reference-values';

/** A reference column that cannot be read for a lasting reason (no such table or column). */
export class ReferenceUnavailableError extends Error {}

const UNDEFINED_OBJECT_CODES = new Set(['42P01', '42703', '3F000']);
const STATEMENT_TIMEOUT_MS = 10_000;

/** Reads reference columns from PostgreSQL: read-only, bounded in rows and time. */
@Injectable()
export class ReferenceTablesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The distinct rows of the columns' values as text (rows with a null in any column left out), at
   * most `limit` of them. Names were checked as plain identifiers (reference-values.ts) and are
   * quoted; the transaction is read-only.
   */
  async distinctValues(reference: ReferenceColumns, limit: number): Promise<string[][]> {
    const columns = reference.columns.map((column) => `"${column}"`);
    const selected = columns.map((column, index) => `${column}::text AS v${index}`).join(', ');
    const notNull = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query('SET TRANSACTION READ ONLY');
        await manager.query(`SET LOCAL statement_timeout = ${STATEMENT_TIMEOUT_MS}`);
        const rows: Array<Record<string, string>> = await manager.query(`SELECT DISTINCT ${selected} FROM "${reference.schema}"."${reference.table}" WHERE ${notNull} LIMIT $1`, [limit]);
        return rows.map((row) => columns.map((_, index) => row[`v${index}`]));
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && UNDEFINED_OBJECT_CODES.has(code)) throw new ReferenceUnavailableError('no such table or column');
      throw error;
    }
  }
}
