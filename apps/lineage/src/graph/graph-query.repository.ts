import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface ReachedNode {
  nodeId: string;
  depth: number;
}

export interface GraphEdge {
  sourceId: string;
  targetId: string;
}

export interface HiddenNeighbours {
  nodeId: string;
  moreUpstream: number;
  moreDownstream: number;
}

export interface NodeDetails {
  nodeId: string;
  type: 'DATASET' | 'JOB';
  namespace: string;
  name: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Datasets: the fields of the current schema version. */
  fields: unknown[] | null;
  currentVersionId: string | null;
  /** Jobs: the newest run. */
  latestRunId: string | null;
  latestRunState: string | null;
}

/**
 * The nodes within `upstreamDepth` edges against and `downstreamDepth` edges along the edge direction
 * from the start node, each with its smallest distance; closest first, at most `limit`.
 * Each walk is a directed recursive CTE over (node, depth) pairs: UNION drops pairs already found, and
 * depth bounds the walk, so a cycle ends and the work is at most depth × edges reached.
 */
export const REACHABLE_NODES_SQL = `
WITH RECURSIVE
  upstream(node_id, depth) AS (
    SELECT $1::uuid, 0
    UNION
    SELECT edge.source_id, upstream.depth + 1 FROM upstream JOIN lineage.edges edge ON edge.target_id = upstream.node_id
    WHERE upstream.depth < $2 AND ($5::timestamptz IS NULL OR edge.first_seen_at <= $5)
  ),
  downstream(node_id, depth) AS (
    SELECT $1::uuid, 0
    UNION
    SELECT edge.target_id, downstream.depth + 1 FROM downstream JOIN lineage.edges edge ON edge.source_id = downstream.node_id
    WHERE downstream.depth < $3 AND ($5::timestamptz IS NULL OR edge.first_seen_at <= $5)
  )
SELECT node_id, min(depth) AS depth
FROM (SELECT node_id, depth FROM upstream UNION ALL SELECT node_id, depth FROM downstream) AS walked
GROUP BY node_id
ORDER BY min(depth), node_id
LIMIT $4`;

export const EDGES_AMONG_SQL = `
WITH selected AS (SELECT unnest($1::uuid[]) AS node_id)
SELECT edge.source_id, edge.target_id
FROM selected JOIN lineage.edges edge ON edge.source_id = selected.node_id
WHERE edge.target_id IN (SELECT node_id FROM selected) AND ($2::timestamptz IS NULL OR edge.first_seen_at <= $2)`;

export const HIDDEN_NEIGHBOURS_SQL = `
WITH selected AS (SELECT unnest($1::uuid[]) AS node_id)
SELECT selected.node_id,
  (SELECT count(*) FROM lineage.edges edge WHERE edge.target_id = selected.node_id AND edge.source_id NOT IN (SELECT node_id FROM selected)
     AND ($2::timestamptz IS NULL OR edge.first_seen_at <= $2)) AS more_upstream,
  (SELECT count(*) FROM lineage.edges edge WHERE edge.source_id = selected.node_id AND edge.target_id NOT IN (SELECT node_id FROM selected)
     AND ($2::timestamptz IS NULL OR edge.first_seen_at <= $2)) AS more_downstream
FROM selected`;

const jobsPart = (asOfFilter: string) => `
SELECT job.job_id, 'JOB', job.namespace, job.name, job.first_seen_at, job.last_seen_at, NULL, NULL, latest.run_id, latest.state
FROM lineage.jobs job
LEFT JOIN LATERAL (
  SELECT run.run_id, run.state FROM lineage.runs run WHERE run.job_id = job.job_id ${asOfFilter.replace(/COLUMN/g, 'run.created_at')}
  ORDER BY run.created_at DESC LIMIT 1
) latest ON true
WHERE job.job_id = ANY($1::uuid[]) ${asOfFilter.replace(/COLUMN/g, 'job.first_seen_at')}`;

export const NODE_DETAILS_SQL = `
SELECT dataset.dataset_id AS node_id, 'DATASET' AS type, dataset.namespace, dataset.name, dataset.first_seen_at, dataset.last_seen_at,
       version.fields, dataset.current_version_id, NULL::uuid AS latest_run_id, NULL::text AS latest_run_state
FROM lineage.datasets dataset LEFT JOIN lineage.dataset_versions version ON version.version_id = dataset.current_version_id
WHERE dataset.dataset_id = ANY($1::uuid[])
UNION ALL${jobsPart('')}`;

/** asOf: only what had been seen by then, the schema version first seen last by then and the newest run created by then. */
export const NODE_DETAILS_AS_OF_SQL = `
SELECT dataset.dataset_id AS node_id, 'DATASET' AS type, dataset.namespace, dataset.name, dataset.first_seen_at, dataset.last_seen_at,
       version.fields, version.version_id AS current_version_id, NULL::uuid AS latest_run_id, NULL::text AS latest_run_state
FROM lineage.datasets dataset
LEFT JOIN LATERAL (
  SELECT candidate.version_id, candidate.fields FROM lineage.dataset_versions candidate
  WHERE candidate.dataset_id = dataset.dataset_id AND candidate.created_at <= $2
  ORDER BY candidate.created_at DESC LIMIT 1
) version ON true
WHERE dataset.dataset_id = ANY($1::uuid[]) AND dataset.first_seen_at <= $2
UNION ALL${jobsPart('AND COLUMN <= $2')}`;

interface NodeDetailsRow {
  node_id: string;
  type: 'DATASET' | 'JOB';
  namespace: string;
  name: string;
  first_seen_at: Date;
  last_seen_at: Date;
  fields: unknown[] | null;
  current_version_id: string | null;
  latest_run_id: string | null;
  latest_run_state: string | null;
}

@Injectable()
export class GraphQueryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async reachableNodes(startId: string, upstreamDepth: number, downstreamDepth: number, limit: number, asOf: Date | null): Promise<ReachedNode[]> {
    const rows: Array<{ node_id: string; depth: number }> = await this.dataSource.query(REACHABLE_NODES_SQL, [startId, upstreamDepth, downstreamDepth, limit, asOf]);
    return rows.map((row) => ({ nodeId: row.node_id, depth: Number(row.depth) }));
  }

  async edgesAmong(nodeIds: readonly string[], asOf: Date | null): Promise<GraphEdge[]> {
    const rows: Array<{ source_id: string; target_id: string }> = await this.dataSource.query(EDGES_AMONG_SQL, [nodeIds, asOf]);
    return rows.map((row) => ({ sourceId: row.source_id, targetId: row.target_id }));
  }

  async hiddenNeighbours(nodeIds: readonly string[], asOf: Date | null): Promise<HiddenNeighbours[]> {
    const rows: Array<{ node_id: string; more_upstream: string; more_downstream: string }> = await this.dataSource.query(HIDDEN_NEIGHBOURS_SQL, [nodeIds, asOf]);
    return rows.map((row) => ({ nodeId: row.node_id, moreUpstream: Number(row.more_upstream), moreDownstream: Number(row.more_downstream) }));
  }

  async nodeDetails(nodeIds: readonly string[], asOf: Date | null): Promise<NodeDetails[]> {
    const rows: NodeDetailsRow[] = asOf ? await this.dataSource.query(NODE_DETAILS_AS_OF_SQL, [nodeIds, asOf]) : await this.dataSource.query(NODE_DETAILS_SQL, [nodeIds]);
    return rows.map((row) => ({
      nodeId: row.node_id,
      type: row.type,
      namespace: row.namespace,
      name: row.name,
      firstSeenAt: row.first_seen_at,
      lastSeenAt: row.last_seen_at,
      fields: row.fields,
      currentVersionId: row.current_version_id,
      latestRunId: row.latest_run_id,
      latestRunState: row.latest_run_state,
    }));
  }
}
