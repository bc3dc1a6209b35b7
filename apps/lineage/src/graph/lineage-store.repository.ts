import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { boundedIndexText } from '@atlas/database';
import { NormalisedLineage } from './lineage-normaliser';

/** A raw event as the event log keeps it. */
export interface RawEventRow {
  eventId: string;
  eventKind: string;
  runId: string | null;
  parentRunId: string | null;
  jobNamespace: string | null;
  jobName: string | null;
  eventType: string | null;
  eventTime: Date;
  event: object;
}

type Column = { values: unknown[]; type: string };

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const bounded = (value: string | null) => (value === null ? null : boundedIndexText(value));

/**
 * `INSERT … SELECT FROM unnest(…)`: one bind parameter per column whatever the row count, so a batch is
 * one statement per table and never meets PostgreSQL's bind-parameter limit.
 */
async function insertRows(manager: EntityManager, table: string, columns: Record<string, Column>, onConflict: string): Promise<void> {
  const names = Object.keys(columns);
  if (columns[names[0]].values.length === 0) return;
  const parameters = names.map((name) => columns[name].values);
  const selects = names.map((name, index) => `$${index + 1}::${columns[name].type}[]`).join(', ');
  await manager.query(`INSERT INTO lineage.${table} (${names.join(', ')}) SELECT * FROM unnest(${selects}) AS rows(${names.join(', ')}) ${onConflict}`, parameters);
}

/** Rows sorted by their key; a batch's rows are few (merged per key), so sorting them is cheap. */
function inKeyOrder<T>(rows: readonly T[], keyOf: (row: T) => string): T[] {
  const keyed = rows.map((row) => ({ key: keyOf(row), row }));
  keyed.sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  return keyed.map(({ row }) => row);
}

const LATER = (table: string, column: string) => `${column} = GREATEST(${table}.${column}, excluded.${column})`;
const EARLIER = (table: string, column: string) => `${column} = LEAST(${table}.${column}, excluded.${column})`;
/** The version seen last (by event time) is current, whatever order the events arrive in. */
const NEWEST_VERSION = (table: string) => `current_version_id = CASE WHEN excluded.current_version_at > ${table}.current_version_at OR ${table}.current_version_at IS NULL
           THEN COALESCE(excluded.current_version_id, ${table}.current_version_id) ELSE ${table}.current_version_id END,
         current_version_at = GREATEST(${table}.current_version_at, excluded.current_version_at)`;

/**
 * Writes a batch: raw events and the normalised tables, in one transaction. Every statement is an
 * upsert whose result does not depend on order or repetition (earliest/latest times, the winning run
 * state by rank then time), so a redelivered batch leaves the tables as they were.
 */
@Injectable()
export class LineageStoreRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async write(events: readonly RawEventRow[], lineage: NormalisedLineage): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await insertRows(
        manager,
        'run_events',
        {
          event_id: { type: 'uuid', values: events.map((row) => row.eventId) },
          event_kind: { type: 'text', values: events.map((row) => row.eventKind) },
          run_id: { type: 'uuid', values: events.map((row) => row.runId) },
          parent_run_id: { type: 'uuid', values: events.map((row) => row.parentRunId) },
          job_namespace: { type: 'text', values: events.map((row) => bounded(row.jobNamespace)) },
          job_name: { type: 'text', values: events.map((row) => bounded(row.jobName)) },
          event_type: { type: 'text', values: events.map((row) => row.eventType) },
          event_time: { type: 'timestamptz', values: events.map((row) => iso(row.eventTime)) },
          event: { type: 'jsonb', values: events.map((row) => JSON.stringify(row.event)) },
        },
        'ON CONFLICT (event_id) DO NOTHING',
      );
      await this.writeNormalised(manager, lineage);
    });
  }

  private async writeNormalised(manager: EntityManager, lineage: NormalisedLineage): Promise<void> {
    // A batch's own runs first; the rows every batch shares (the same namespaces, datasets, jobs, versions
    // and edges) last, so each batch holds their locks only from there to its commit. Every table's rows
    // in key order: concurrent batches take their locks in the same order (they wait, never deadlock).
    const runs = inKeyOrder(lineage.runs, (row) => row.runId);
    const runDatasets = inKeyOrder(lineage.runDatasets, (row) => `${row.runId}:${row.direction}:${row.datasetId}`);
    await insertRows(
      manager,
      'runs',
      {
        run_id: { type: 'uuid', values: runs.map((row) => row.runId) },
        job_id: { type: 'uuid', values: runs.map((row) => row.jobId) },
        parent_run_id: { type: 'uuid', values: runs.map((row) => row.parentRunId) },
        state: { type: 'text', values: runs.map((row) => row.state) },
        state_rank: { type: 'smallint', values: runs.map((row) => row.stateRank) },
        state_at: { type: 'timestamptz', values: runs.map((row) => iso(row.stateAt)) },
        started_at: { type: 'timestamptz', values: runs.map((row) => iso(row.startedAt)) },
        ended_at: { type: 'timestamptz', values: runs.map((row) => iso(row.endedAt)) },
        created_at: { type: 'timestamptz', values: runs.map((row) => iso(row.createdAt)) },
      },
      `ON CONFLICT (run_id) DO UPDATE SET
         parent_run_id = COALESCE(runs.parent_run_id, excluded.parent_run_id),
         state = CASE WHEN (excluded.state_rank, excluded.state_at) > (runs.state_rank, runs.state_at) THEN excluded.state ELSE runs.state END,
         state_at = CASE WHEN (excluded.state_rank, excluded.state_at) > (runs.state_rank, runs.state_at) THEN excluded.state_at ELSE runs.state_at END,
         state_rank = GREATEST(runs.state_rank, excluded.state_rank),
         ${EARLIER('runs', 'started_at')}, ${EARLIER('runs', 'ended_at')}, ${EARLIER('runs', 'created_at')}`,
    );
    await insertRows(
      manager,
      'run_datasets',
      {
        run_id: { type: 'uuid', values: runDatasets.map((row) => row.runId) },
        direction: { type: 'text', values: runDatasets.map((row) => row.direction) },
        dataset_id: { type: 'uuid', values: runDatasets.map((row) => row.datasetId) },
        dataset_version_id: { type: 'uuid', values: runDatasets.map((row) => row.datasetVersionId) },
      },
      'ON CONFLICT (run_id, direction, dataset_id) DO UPDATE SET dataset_version_id = COALESCE(excluded.dataset_version_id, run_datasets.dataset_version_id)',
    );
    const namespaces = inKeyOrder(lineage.namespaces, (row) => row.namespaceId);
    const datasets = inKeyOrder(lineage.datasets, (row) => row.datasetId);
    const datasetVersions = inKeyOrder(lineage.datasetVersions, (row) => row.versionId);
    const jobs = inKeyOrder(lineage.jobs, (row) => row.jobId);
    const jobVersions = inKeyOrder(lineage.jobVersions, (row) => row.versionId);
    const edges = inKeyOrder(lineage.edges, (row) => `${row.sourceId}:${row.targetId}`);
    const columnEdges = inKeyOrder(lineage.columnEdges, (row) => JSON.stringify([row.outputDatasetId, row.outputField, row.inputDatasetId, row.inputField]));
    await insertRows(
      manager,
      'namespaces',
      {
        namespace_id: { type: 'uuid', values: namespaces.map((row) => row.namespaceId) },
        name: { type: 'text', values: namespaces.map((row) => row.name) },
        first_seen_at: { type: 'timestamptz', values: namespaces.map((row) => iso(row.firstSeenAt)) },
        last_seen_at: { type: 'timestamptz', values: namespaces.map((row) => iso(row.lastSeenAt)) },
      },
      `ON CONFLICT (namespace_id) DO UPDATE SET ${EARLIER('namespaces', 'first_seen_at')}, ${LATER('namespaces', 'last_seen_at')}`,
    );
    await insertRows(
      manager,
      'datasets',
      {
        dataset_id: { type: 'uuid', values: datasets.map((row) => row.datasetId) },
        namespace_id: { type: 'uuid', values: datasets.map((row) => row.namespaceId) },
        namespace: { type: 'text', values: datasets.map((row) => row.namespace) },
        name: { type: 'text', values: datasets.map((row) => row.name) },
        current_version_id: { type: 'uuid', values: datasets.map((row) => row.currentVersionId) },
        current_version_at: { type: 'timestamptz', values: datasets.map((row) => iso(row.currentVersionAt)) },
        first_seen_at: { type: 'timestamptz', values: datasets.map((row) => iso(row.firstSeenAt)) },
        last_seen_at: { type: 'timestamptz', values: datasets.map((row) => iso(row.lastSeenAt)) },
      },
      `ON CONFLICT (dataset_id) DO UPDATE SET ${EARLIER('datasets', 'first_seen_at')}, ${LATER('datasets', 'last_seen_at')}, ${NEWEST_VERSION('datasets')}`,
    );
    await insertRows(
      manager,
      'dataset_versions',
      {
        version_id: { type: 'uuid', values: datasetVersions.map((row) => row.versionId) },
        dataset_id: { type: 'uuid', values: datasetVersions.map((row) => row.datasetId) },
        fields: { type: 'jsonb', values: datasetVersions.map((row) => JSON.stringify(row.fields)) },
        created_at: { type: 'timestamptz', values: datasetVersions.map((row) => iso(row.createdAt)) },
        run_id: { type: 'uuid', values: datasetVersions.map((row) => row.runId) },
      },
      // The first sighting of a schema is its version's creation.
      `ON CONFLICT (version_id) DO UPDATE SET run_id = CASE WHEN excluded.created_at < dataset_versions.created_at THEN excluded.run_id ELSE dataset_versions.run_id END,
         ${EARLIER('dataset_versions', 'created_at')}`,
    );
    await insertRows(
      manager,
      'jobs',
      {
        job_id: { type: 'uuid', values: jobs.map((row) => row.jobId) },
        namespace_id: { type: 'uuid', values: jobs.map((row) => row.namespaceId) },
        namespace: { type: 'text', values: jobs.map((row) => row.namespace) },
        name: { type: 'text', values: jobs.map((row) => row.name) },
        current_version_id: { type: 'uuid', values: jobs.map((row) => row.currentVersionId) },
        current_version_at: { type: 'timestamptz', values: jobs.map((row) => iso(row.currentVersionAt)) },
        first_seen_at: { type: 'timestamptz', values: jobs.map((row) => iso(row.firstSeenAt)) },
        last_seen_at: { type: 'timestamptz', values: jobs.map((row) => iso(row.lastSeenAt)) },
      },
      `ON CONFLICT (job_id) DO UPDATE SET ${EARLIER('jobs', 'first_seen_at')}, ${LATER('jobs', 'last_seen_at')}, ${NEWEST_VERSION('jobs')}`,
    );
    await insertRows(
      manager,
      'job_versions',
      {
        version_id: { type: 'uuid', values: jobVersions.map((row) => row.versionId) },
        job_id: { type: 'uuid', values: jobVersions.map((row) => row.jobId) },
        inputs: { type: 'jsonb', values: jobVersions.map((row) => JSON.stringify(row.inputs)) },
        outputs: { type: 'jsonb', values: jobVersions.map((row) => JSON.stringify(row.outputs)) },
        facets: { type: 'jsonb', values: jobVersions.map((row) => JSON.stringify(row.facets)) },
        created_at: { type: 'timestamptz', values: jobVersions.map((row) => iso(row.createdAt)) },
        run_id: { type: 'uuid', values: jobVersions.map((row) => row.runId) },
      },
      // The first run that did the job this way created its version.
      `ON CONFLICT (version_id) DO UPDATE SET run_id = CASE WHEN excluded.created_at < job_versions.created_at THEN excluded.run_id ELSE job_versions.run_id END,
         ${EARLIER('job_versions', 'created_at')}`,
    );
    await insertRows(
      manager,
      'edges',
      {
        source_id: { type: 'uuid', values: edges.map((row) => row.sourceId) },
        target_id: { type: 'uuid', values: edges.map((row) => row.targetId) },
        first_seen_at: { type: 'timestamptz', values: edges.map((row) => iso(row.firstSeenAt)) },
        last_seen_at: { type: 'timestamptz', values: edges.map((row) => iso(row.lastSeenAt)) },
        last_run_id: { type: 'uuid', values: edges.map((row) => row.lastRunId) },
      },
      `ON CONFLICT (source_id, target_id) DO UPDATE SET
         last_run_id = CASE WHEN excluded.last_seen_at > edges.last_seen_at THEN excluded.last_run_id ELSE edges.last_run_id END,
         ${EARLIER('edges', 'first_seen_at')}, ${LATER('edges', 'last_seen_at')}`,
    );
    await insertRows(
      manager,
      'column_edges',
      {
        output_dataset_id: { type: 'uuid', values: columnEdges.map((row) => row.outputDatasetId) },
        output_field: { type: 'text', values: columnEdges.map((row) => boundedIndexText(row.outputField)) },
        input_dataset_id: { type: 'uuid', values: columnEdges.map((row) => row.inputDatasetId) },
        input_field: { type: 'text', values: columnEdges.map((row) => boundedIndexText(row.inputField)) },
        transformations: { type: 'jsonb', values: columnEdges.map((row) => JSON.stringify(row.transformations)) },
        masking: { type: 'boolean', values: columnEdges.map((row) => row.masking) },
        job_id: { type: 'uuid', values: columnEdges.map((row) => row.jobId) },
        last_run_id: { type: 'uuid', values: columnEdges.map((row) => row.lastRunId) },
        first_seen_at: { type: 'timestamptz', values: columnEdges.map((row) => iso(row.firstSeenAt)) },
        last_seen_at: { type: 'timestamptz', values: columnEdges.map((row) => iso(row.lastSeenAt)) },
      },
      `ON CONFLICT (output_dataset_id, output_field, input_dataset_id, input_field) DO UPDATE SET
         transformations = CASE WHEN excluded.last_seen_at > column_edges.last_seen_at THEN excluded.transformations ELSE column_edges.transformations END,
         masking = CASE WHEN excluded.last_seen_at > column_edges.last_seen_at THEN excluded.masking ELSE column_edges.masking END,
         job_id = CASE WHEN excluded.last_seen_at > column_edges.last_seen_at THEN excluded.job_id ELSE column_edges.job_id END,
         last_run_id = CASE WHEN excluded.last_seen_at > column_edges.last_seen_at THEN excluded.last_run_id ELSE column_edges.last_run_id END,
         ${EARLIER('column_edges', 'first_seen_at')}, ${LATER('column_edges', 'last_seen_at')}`,
    );
  }
}
