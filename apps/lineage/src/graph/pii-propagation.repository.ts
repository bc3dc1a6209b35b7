import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ColumnReference { namespace: string; name: string; field: string }
export interface CarryingColumn extends ColumnReference { depth: number }
export interface MaskingEdge {
  column: ColumnReference;
  from: ColumnReference;
  job: { namespace: string; name: string } | null;
  runId: string | null;
  transformations: unknown[];
}

/**
 * The columns a column's values reach unmasked: column edges followed from input to output, never
 * across an edge that masks. Directed recursive CTE over (dataset, field, depth) with UNION and a
 * depth bound, so cycles end; closest first, at most `limit`.
 */
export const UNMASKED_DOWNSTREAM_SQL = `
WITH RECURSIVE carried(dataset_id, field, depth) AS (
  SELECT $1::uuid, $2::text, 0
  UNION
  SELECT edge.output_dataset_id, edge.output_field, carried.depth + 1
  FROM carried JOIN lineage.column_edges edge ON edge.input_dataset_id = carried.dataset_id AND edge.input_field = carried.field
  WHERE carried.depth < $3 AND NOT edge.masking
)
SELECT reached.dataset_id, reached.field, reached.depth, dataset.namespace, dataset.name
FROM (SELECT dataset_id, field, min(depth) AS depth FROM carried GROUP BY dataset_id, field) reached
JOIN lineage.datasets dataset ON dataset.dataset_id = reached.dataset_id
ORDER BY reached.depth, dataset.namespace, dataset.name, reached.field
LIMIT $4`;

/** The masking edges leaving the given columns: where the personal data stopped. */
export const MASKING_EDGES_SQL = `
SELECT output.namespace AS output_namespace, output.name AS output_name, edge.output_field,
       input.namespace AS input_namespace, input.name AS input_name, edge.input_field,
       job.namespace AS job_namespace, job.name AS job_name, edge.last_run_id, edge.transformations
FROM unnest($1::uuid[], $2::text[]) AS carrier(dataset_id, field)
JOIN lineage.column_edges edge ON edge.input_dataset_id = carrier.dataset_id AND edge.input_field = carrier.field AND edge.masking
JOIN lineage.datasets output ON output.dataset_id = edge.output_dataset_id
JOIN lineage.datasets input ON input.dataset_id = edge.input_dataset_id
LEFT JOIN lineage.jobs job ON job.job_id = edge.job_id
ORDER BY output.namespace, output.name, edge.output_field, input.namespace, input.name, edge.input_field`;

interface CarriedRow { dataset_id: string; field: string; depth: number; namespace: string; name: string }
interface MaskingRow {
  output_namespace: string;
  output_name: string;
  output_field: string;
  input_namespace: string;
  input_name: string;
  input_field: string;
  job_namespace: string | null;
  job_name: string | null;
  last_run_id: string | null;
  transformations: unknown[];
}

@Injectable()
export class PiiPropagationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The start column (depth 0) and every column it reaches unmasked, with their dataset ids for the next query. */
  async unmaskedDownstream(datasetId: string, field: string, depth: number, limit: number): Promise<Array<CarryingColumn & { datasetId: string }>> {
    const rows: CarriedRow[] = await this.dataSource.query(UNMASKED_DOWNSTREAM_SQL, [datasetId, field, depth, limit]);
    return rows.map((row) => ({ datasetId: row.dataset_id, namespace: row.namespace, name: row.name, field: row.field, depth: Number(row.depth) }));
  }

  async maskingEdgesFrom(columns: ReadonlyArray<{ datasetId: string; field: string }>): Promise<MaskingEdge[]> {
    const rows: MaskingRow[] = await this.dataSource.query(MASKING_EDGES_SQL, [columns.map((column) => column.datasetId), columns.map((column) => column.field)]);
    return rows.map((row) => ({
      column: { namespace: row.output_namespace, name: row.output_name, field: row.output_field },
      from: { namespace: row.input_namespace, name: row.input_name, field: row.input_field },
      job: row.job_namespace !== null && row.job_name !== null ? { namespace: row.job_namespace, name: row.job_name } : null,
      runId: row.last_run_id,
      transformations: row.transformations,
    }));
  }
}
