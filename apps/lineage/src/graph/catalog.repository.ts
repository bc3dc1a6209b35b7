import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { utcMicroseconds } from '@atlas/database';

/** A keyset page: at most `limit` rows after `after` (the sort key of the last row served). */
export interface Page<Key> {
  limit: number;
  after?: Key;
}

/** A listing's rows and how many it has in all (Marquez's totalCount, whatever the page). */
export interface Listing<Item> {
  items: Item[];
  totalCount: number;
}

/** The sort key of a version or a run: created (UTC, microseconds) and its id, newest first. */
export type CreatedKey = [createdAt: string, id: string];

export interface NamespaceSummary { name: string; createdAt: Date; updatedAt: Date }
export interface DatasetSummary { namespace: string; name: string; createdAt: Date; updatedAt: Date; currentVersion: string | null; fields: unknown[] }
export interface DatasetVersion { version: string; createdAt: Date; createdAtKey: string; runId: string | null; fields: unknown[] }
export interface JobSummary { namespace: string; name: string; createdAt: Date; updatedAt: Date; currentVersion: string | null; latestRun: { id: string; state: string } | null }
export interface JobVersion { version: string; createdAt: Date; createdAtKey: string; runId: string | null; inputs: string[]; outputs: string[]; facets: Record<string, unknown> }
export interface RunSummary {
  id: string;
  state: string;
  createdAt: Date;
  createdAtKey: string;
  startedAt: Date | null;
  endedAt: Date | null;
  parentRunId: string | null;
  inputs: Array<{ namespace: string; name: string; version: string | null }>;
  outputs: Array<{ namespace: string; name: string; version: string | null }>;
}

/**
 * Listings of the normalised tables, by name or newest first, by keyset (never OFFSET: a deep page
 * costs what the first does); `totalCount` counts the whole listing in a second query.
 */
@Injectable()
export class CatalogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async namespaces(page: Page<string>): Promise<Listing<NamespaceSummary>> {
    const [rows, totalCount] = await Promise.all([
      this.dataSource.query<Array<{ name: string; first_seen_at: Date; last_seen_at: Date }>>(
        'SELECT name, first_seen_at, last_seen_at FROM lineage.namespaces WHERE ($1::text IS NULL OR name > $1) ORDER BY name LIMIT $2',
        [page.after ?? null, page.limit],
      ),
      this.count('SELECT count(*) FROM lineage.namespaces', []),
    ]);
    return { items: rows.map((row) => ({ name: row.name, createdAt: row.first_seen_at, updatedAt: row.last_seen_at })), totalCount };
  }

  async datasets(namespaceId: string, page: Page<string>): Promise<Listing<DatasetSummary>> {
    const [rows, totalCount] = await Promise.all([
      this.dataSource.query<Array<{ namespace: string; name: string; first_seen_at: Date; last_seen_at: Date; current_version_id: string | null; fields: unknown[] | null }>>(
        `SELECT dataset.namespace, dataset.name, dataset.first_seen_at, dataset.last_seen_at, dataset.current_version_id, version.fields
         FROM lineage.datasets dataset LEFT JOIN lineage.dataset_versions version ON version.version_id = dataset.current_version_id
         WHERE dataset.namespace_id = $1 AND ($2::text IS NULL OR dataset.name > $2) ORDER BY dataset.name LIMIT $3`,
        [namespaceId, page.after ?? null, page.limit],
      ),
      this.count('SELECT count(*) FROM lineage.datasets WHERE namespace_id = $1', [namespaceId]),
    ]);
    return {
      items: rows.map((row) => ({ namespace: row.namespace, name: row.name, createdAt: row.first_seen_at, updatedAt: row.last_seen_at, currentVersion: row.current_version_id, fields: row.fields ?? [] })),
      totalCount,
    };
  }

  async datasetVersions(datasetId: string, page: Page<CreatedKey>): Promise<Listing<DatasetVersion>> {
    const [rows, totalCount] = await Promise.all([
      this.dataSource.query<Array<{ version_id: string; created_at: Date; created_at_key: string; run_id: string | null; fields: unknown[] }>>(
        `SELECT version_id, created_at, ${utcMicroseconds('created_at')} AS created_at_key, run_id, fields FROM lineage.dataset_versions
         WHERE dataset_id = $1 AND ($2::timestamptz IS NULL OR (created_at, version_id) < ($2::timestamptz, $3::uuid))
         ORDER BY created_at DESC, version_id DESC LIMIT $4`,
        [datasetId, ...(page.after ?? [null, null]), page.limit],
      ),
      this.count('SELECT count(*) FROM lineage.dataset_versions WHERE dataset_id = $1', [datasetId]),
    ]);
    return { items: rows.map((row) => ({ version: row.version_id, createdAt: row.created_at, createdAtKey: row.created_at_key, runId: row.run_id, fields: row.fields })), totalCount };
  }

  async jobs(namespaceId: string, page: Page<string>): Promise<Listing<JobSummary>> {
    const [rows, totalCount] = await Promise.all([
      this.dataSource.query<Array<{ namespace: string; name: string; first_seen_at: Date; last_seen_at: Date; current_version_id: string | null; run_id: string | null; state: string | null }>>(
        `SELECT job.namespace, job.name, job.first_seen_at, job.last_seen_at, job.current_version_id, latest.run_id, latest.state
         FROM lineage.jobs job
         LEFT JOIN LATERAL (SELECT run.run_id, run.state FROM lineage.runs run WHERE run.job_id = job.job_id ORDER BY run.created_at DESC LIMIT 1) latest ON true
         WHERE job.namespace_id = $1 AND ($2::text IS NULL OR job.name > $2) ORDER BY job.name LIMIT $3`,
        [namespaceId, page.after ?? null, page.limit],
      ),
      this.count('SELECT count(*) FROM lineage.jobs WHERE namespace_id = $1', [namespaceId]),
    ]);
    return {
      items: rows.map((row) => ({
        namespace: row.namespace,
        name: row.name,
        createdAt: row.first_seen_at,
        updatedAt: row.last_seen_at,
        currentVersion: row.current_version_id,
        latestRun: row.run_id ? { id: row.run_id, state: row.state! } : null,
      })),
      totalCount,
    };
  }

  async jobVersions(jobId: string, page: Page<CreatedKey>): Promise<Listing<JobVersion>> {
    const [rows, totalCount] = await Promise.all([
      this.dataSource.query<Array<{ version_id: string; created_at: Date; created_at_key: string; run_id: string | null; inputs: string[]; outputs: string[]; facets: Record<string, unknown> }>>(
        `SELECT version_id, created_at, ${utcMicroseconds('created_at')} AS created_at_key, run_id, inputs, outputs, facets FROM lineage.job_versions
         WHERE job_id = $1 AND ($2::timestamptz IS NULL OR (created_at, version_id) < ($2::timestamptz, $3::uuid))
         ORDER BY created_at DESC, version_id DESC LIMIT $4`,
        [jobId, ...(page.after ?? [null, null]), page.limit],
      ),
      this.count('SELECT count(*) FROM lineage.job_versions WHERE job_id = $1', [jobId]),
    ]);
    return {
      items: rows.map((row) => ({ version: row.version_id, createdAt: row.created_at, createdAtKey: row.created_at_key, runId: row.run_id, inputs: row.inputs, outputs: row.outputs, facets: row.facets })),
      totalCount,
    };
  }

  async runs(jobId: string, page: Page<CreatedKey>): Promise<Listing<RunSummary>> {
    const [rows, totalCount] = await Promise.all([
      this.dataSource.query<Array<{ run_id: string; state: string; created_at: Date; created_at_key: string; started_at: Date | null; ended_at: Date | null; parent_run_id: string | null; datasets: RunDatasetJson[] | null }>>(
        `SELECT run.run_id, run.state, run.created_at, ${utcMicroseconds('run.created_at')} AS created_at_key, run.started_at, run.ended_at, run.parent_run_id,
           (SELECT json_agg(json_build_object('direction', io.direction, 'namespace', dataset.namespace, 'name', dataset.name, 'version', io.dataset_version_id)
                            ORDER BY io.direction, dataset.namespace, dataset.name)
            FROM lineage.run_datasets io JOIN lineage.datasets dataset ON dataset.dataset_id = io.dataset_id WHERE io.run_id = run.run_id) AS datasets
         FROM lineage.runs run WHERE run.job_id = $1 AND ($2::timestamptz IS NULL OR (run.created_at, run.run_id) < ($2::timestamptz, $3::uuid))
         ORDER BY run.created_at DESC, run.run_id DESC LIMIT $4`,
        [jobId, ...(page.after ?? [null, null]), page.limit],
      ),
      this.count('SELECT count(*) FROM lineage.runs WHERE job_id = $1', [jobId]),
    ]);
    return {
      items: rows.map((row) => {
        const datasets = row.datasets ?? [];
        const of = (direction: string) => datasets.filter((dataset) => dataset.direction === direction).map(({ namespace, name, version }) => ({ namespace, name, version }));
        return {
          id: row.run_id,
          state: row.state,
          createdAt: row.created_at,
          createdAtKey: row.created_at_key,
          startedAt: row.started_at,
          endedAt: row.ended_at,
          parentRunId: row.parent_run_id,
          inputs: of('INPUT'),
          outputs: of('OUTPUT'),
        };
      }),
      totalCount,
    };
  }

  private async count(sql: string, parameters: unknown[]): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ count: string }>>(sql, parameters);
    return Number(row.count);
  }
}

interface RunDatasetJson { direction: string; namespace: string; name: string; version: string | null }
