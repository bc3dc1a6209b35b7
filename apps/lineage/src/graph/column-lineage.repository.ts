import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ColumnReference } from './pii-propagation.repository';

export interface ColumnEdge {
  input: ColumnReference;
  output: ColumnReference;
  /** The job that wrote the output column (null when the producer named none). */
  job: { namespace: string; name: string } | null;
  /** True when the transformation masks the values (pii-detection marks protected fields). */
  masking: boolean;
  transformations: unknown[];
  lastRunId: string | null;
}

/**
 * The column edges into and out of one dataset, each once (an edge from the dataset to itself
 * matches both sides), ordered so pages are stable. The primary key serves the output side and
 * column_edges_input_idx the input side; asOf keeps the edges first seen by then.
 */
export const COLUMN_EDGES_OF_DATASET_SQL = `
SELECT input.namespace AS input_namespace, input.name AS input_name, edge.input_field,
       output.namespace AS output_namespace, output.name AS output_name, edge.output_field,
       job.namespace AS job_namespace, job.name AS job_name, edge.masking, edge.transformations, edge.last_run_id
FROM lineage.column_edges edge
JOIN lineage.datasets input ON input.dataset_id = edge.input_dataset_id
JOIN lineage.datasets output ON output.dataset_id = edge.output_dataset_id
LEFT JOIN lineage.jobs job ON job.job_id = edge.job_id
WHERE (edge.input_dataset_id = $1 OR edge.output_dataset_id = $1) AND ($2::timestamptz IS NULL OR edge.first_seen_at <= $2)
ORDER BY input.namespace, input.name, edge.input_field, output.namespace, output.name, edge.output_field
LIMIT $3`;

interface ColumnEdgeRow {
  input_namespace: string;
  input_name: string;
  input_field: string;
  output_namespace: string;
  output_name: string;
  output_field: string;
  job_namespace: string | null;
  job_name: string | null;
  masking: boolean;
  transformations: unknown[];
  last_run_id: string | null;
}

@Injectable()
export class ColumnLineageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async edgesOfDataset(datasetId: string, asOf: Date | null, limit: number): Promise<ColumnEdge[]> {
    const rows: ColumnEdgeRow[] = await this.dataSource.query(COLUMN_EDGES_OF_DATASET_SQL, [datasetId, asOf, limit]);
    return rows.map((row) => ({
      input: { namespace: row.input_namespace, name: row.input_name, field: row.input_field },
      output: { namespace: row.output_namespace, name: row.output_name, field: row.output_field },
      job: row.job_namespace !== null && row.job_name !== null ? { namespace: row.job_namespace, name: row.job_name } : null,
      masking: row.masking,
      transformations: row.transformations,
      lastRunId: row.last_run_id,
    }));
  }

  async datasetSeen(datasetId: string, asOf: Date | null): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM lineage.datasets WHERE dataset_id = $1 AND ($2::timestamptz IS NULL OR first_seen_at <= $2)', [datasetId, asOf]);
    return rows.length > 0;
  }
}
