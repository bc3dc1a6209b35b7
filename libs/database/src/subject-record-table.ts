import { Corrections, FoundSubjectRecord, MAX_SUBJECT_RECORDS, SubjectRecordLayer, VAULT_TOKEN_IN_TEXT } from '@atlas/contracts';
import { SubjectMatchTerms, subjectMatchCondition } from './subject-record-match';
import { RectifiedRow, RectifiedTableShape, rectifyRecords } from './subject-record-rectification';

/** Runs one SQL statement (a TypeORM DataSource's `query`). */
export type SqlQuery = (sql: string, parameters: unknown[]) => Promise<unknown>;

export interface SubjectTableSearch {
  records: FoundSubjectRecord[];
  tokens: string[];
  truncated: boolean;
}

const TABLE_NAME = /^[a-z_]+\.[a-z_]+$/;

/**
 * A per-record table (record_id, source_id, run_id, jsonb payload) as data-subject requests see it:
 * the subject's rows found by id or content, and deleted by id. Used by each service for its own
 * tables, so connector and quality answer the same way.
 */
export class SubjectRecordTable {
  constructor(
    private readonly query: SqlQuery,
    private readonly table: string,
    readonly layer: SubjectRecordLayer,
    private readonly shape: RectifiedTableShape = {},
  ) {
    if (!TABLE_NAME.test(table)) throw new Error(`Not a schema-qualified table name: ${table}`);
  }

  /** At most `limit` rows in record-id order; `truncated` when more matched. Vault tokens are collected from the rows returned. */
  async search(terms: SubjectMatchTerms, includePayloads: boolean, limit = MAX_SUBJECT_RECORDS): Promise<SubjectTableSearch> {
    const condition = subjectMatchCondition(terms);
    const rows = (await this.query(
      `SELECT record_id AS "recordId", source_id AS "sourceId", run_id AS "runId", payload::text AS "payloadText"
       FROM ${this.table} WHERE ${condition.sql} ORDER BY record_id LIMIT ${limit + 1}`,
      condition.parameters,
    )) as Array<{ recordId: string; sourceId: string; runId: string; payloadText: string }>;
    const tokens = new Set<string>();
    const records = rows.slice(0, limit).map((row): FoundSubjectRecord => {
      for (const token of row.payloadText.match(VAULT_TOKEN_IN_TEXT) ?? []) tokens.add(token);
      const found: FoundSubjectRecord = { layer: this.layer, recordId: row.recordId, sourceId: row.sourceId, runId: row.runId };
      if (includePayloads) found.payload = JSON.parse(row.payloadText);
      return found;
    });
    return { records, tokens: [...tokens].sort(), truncated: rows.length > limit };
  }

  /** Sets fields of the rows of these ids (see rectifyRecords): run it in a transaction. */
  rectify(recordIds: readonly string[], fieldsBySource: Readonly<Record<string, Corrections>>): Promise<RectifiedRow[]> {
    return rectifyRecords(this.query, this.table, this.shape, recordIds, fieldsBySource);
  }

  /** Deletes the rows of these ids; deleting again deletes nothing (idempotent). */
  async erase(recordIds: readonly string[]): Promise<number> {
    if (recordIds.length === 0) return 0;
    const rows = (await this.query(
      `WITH deleted AS (DELETE FROM ${this.table} WHERE record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted`,
      [[...recordIds]],
    )) as Array<{ deleted: number }>;
    return rows[0].deleted;
  }
}
