import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SearchQuery } from './dto/search-query.dto';
import { formatNodeId } from './graph-ids';

export interface SearchResult {
  type: 'DATASET' | 'JOB';
  namespace: string;
  name: string;
  /** The id to ask the graph for (`GET /api/v1/lineage?nodeId=…`). */
  nodeId: string;
  updatedAt: Date;
}

const ORDER = { NAME: 'name, namespace, type', UPDATE_AT: 'updated_at DESC, name, namespace, type' } as const;

/** Name search over the normalised datasets and jobs: one pass over each table (strpos, so `%` and `_` are plain text). */
@Injectable()
export class SearchRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(query: SearchQuery): Promise<{ results: SearchResult[]; totalCount: number }> {
    const rows: Array<{ type: 'DATASET' | 'JOB'; namespace: string; name: string; updated_at: Date; total: string }> = await this.dataSource.query(
      `SELECT type, namespace, name, updated_at, count(*) OVER () AS total FROM (
         SELECT 'DATASET' AS type, namespace, name, last_seen_at AS updated_at FROM lineage.datasets
          WHERE ($2::text IS NULL OR $2 = 'DATASET') AND ($3::text IS NULL OR namespace = $3) AND strpos(lower(name), lower($1)) > 0
         UNION ALL
         SELECT 'JOB', namespace, name, last_seen_at FROM lineage.jobs
          WHERE ($2::text IS NULL OR $2 = 'JOB') AND ($3::text IS NULL OR namespace = $3) AND strpos(lower(name), lower($1)) > 0
       ) found ORDER BY ${ORDER[query.sort]} LIMIT $4`,
      [query.q, query.filter ?? null, query.namespace ?? null, query.limit],
    );
    return {
      results: rows.map((row) => ({
        type: row.type,
        namespace: row.namespace,
        name: row.name,
        nodeId: formatNodeId({ kind: row.type === 'DATASET' ? 'dataset' : 'job', namespace: row.namespace, name: row.name }),
        updatedAt: row.updated_at,
      })),
      totalCount: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  }
}
