import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { utcMicroseconds } from '@atlas/database';
import { LineageSearchQuery } from '@atlas/platform';
import { formatNodeId } from './graph-ids';

export interface SearchResult {
  type: 'DATASET' | 'JOB';
  namespace: string;
  name: string;
  /** The id to ask the graph for (`GET /api/v1/lineage?nodeId=…`). */
  nodeId: string;
  updatedAt: Date;
}

/** A match with its sort key: the last seen time to the microsecond (a Date keeps milliseconds). */
export interface SearchMatch extends SearchResult {
  updatedAtKey: string;
}

/** The sort key of a match: `NAME` [name, namespace, type]; `UPDATE_AT` [updated at, name, namespace, type]. */
export type SearchKey = string[];

// Each order is total (a name is unique within its namespace and type); UPDATE_AT runs all descending so one row comparison pages it.
const ORDER = { NAME: 'name, namespace, type', UPDATE_AT: 'updated_at DESC, name DESC, namespace DESC, type DESC' } as const;
const AFTER = {
  NAME: '(name, namespace, type) > ($5::text, $6::text, $7::text)',
  UPDATE_AT: '(updated_at, name, namespace, type) < ($5::timestamptz, $6::text, $7::text, $8::text)',
} as const;

const FOUND = `SELECT 'DATASET' AS type, namespace, name, last_seen_at AS updated_at FROM lineage.datasets
    WHERE ($2::text IS NULL OR $2 = 'DATASET') AND ($3::text IS NULL OR namespace = $3) AND strpos(lower(name), lower($1)) > 0
  UNION ALL
  SELECT 'JOB', namespace, name, last_seen_at FROM lineage.jobs
    WHERE ($2::text IS NULL OR $2 = 'JOB') AND ($3::text IS NULL OR namespace = $3) AND strpos(lower(name), lower($1)) > 0`;

/** Name search over the normalised datasets and jobs: one pass over each table (strpos, so `%` and `_` are plain text), by keyset. */
@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** At most `limit` matches after `after`, and how many match in all (Marquez's totalCount). */
  async search(query: LineageSearchQuery, after: SearchKey | undefined, limit: number): Promise<{ matches: SearchMatch[]; totalCount: number }> {
    const filters = [query.q, query.filter ?? null, query.namespace ?? null];
    const keyset = after ? `WHERE ${AFTER[query.sort]}` : '';
    const [rows, counted] = await Promise.all([
      this.dataSource.query<Array<{ type: 'DATASET' | 'JOB'; namespace: string; name: string; updated_at: Date; updated_at_key: string }>>(
        `SELECT type, namespace, name, updated_at, ${utcMicroseconds('updated_at')} AS updated_at_key FROM (${FOUND}) found ${keyset}
          ORDER BY ${ORDER[query.sort]} LIMIT $4`,
        [...filters, limit, ...(after ?? [])],
      ),
      this.dataSource.query<Array<{ total: string }>>(`SELECT count(*) AS total FROM (${FOUND}) found`, filters),
    ]);
    return {
      matches: rows.map((row) => ({
        type: row.type,
        namespace: row.namespace,
        name: row.name,
        nodeId: formatNodeId({ kind: row.type === 'DATASET' ? 'dataset' : 'job', namespace: row.namespace, name: row.name }),
        updatedAt: row.updated_at,
        updatedAtKey: row.updated_at_key,
      })),
      totalCount: Number(counted[0].total),
    };
  }
}
