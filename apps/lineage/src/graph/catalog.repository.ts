import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface Page {
  limit: number;
  offset: number;
}

export interface NamespaceSummary { name: string; createdAt: Date; updatedAt: Date }
export interface DatasetSummary { namespace: string; name: string; createdAt: Date; updatedAt: Date; currentVersion: string | null; fields: unknown[] }
export interface DatasetVersion { version: string; createdAt: Date; runId: string | null; fields: unknown[] }
export interface JobSummary { namespace: string; name: string; createdAt: Date; updatedAt: Date; currentVersion: string | null; latestRun: { id: string; state: string } | null }
export interface JobVersion { version: string; createdAt: Date; runId: string | null; inputs: string[]; outputs: string[]; facets: Record<string, unknown> }
export interface RunSummary {
  id: string;
  state: string;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  parentRunId: string | null;
  inputs: Array<{ namespace: string; name: string; version: string | null }>;
  outputs: Array<{ namespace: string; name: string; version: string | null }>;
}

/** Listings of the normalised tables, newest or alphabetical first, paged; `totalCount` counts them all. */
@Injectable()
export class CatalogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async namespaces(page: Page): Promise<{ items: NamespaceSummary[]; totalCount: number }> {
    const rows: Array<{ name: string; first_seen_at: Date; last_seen_at: Date; total: string }> = await this.dataSource.query(
      'SELECT name, first_seen_at, last_seen_at, count(*) OVER () AS total FROM lineage.namespaces ORDER BY name LIMIT $1 OFFSET $2',
      [page.limit, page.offset],
    );
    return { items: rows.map((row) => ({ name: row.name, createdAt: row.first_seen_at, updatedAt: row.last_seen_at })), totalCount: totalOf(rows) };
  }

  async datasets(namespaceId: string, page: Page): Promise<{ items: DatasetSummary[]; totalCount: number }> {
    const rows: Array<{ namespace: string; name: string; first_seen_at: Date; last_seen_at: Date; current_version_id: string | null; fields: unknown[] | null; total: string }> =
      await this.dataSource.query(
        `SELECT dataset.namespace, dataset.name, dataset.first_seen_at, dataset.last_seen_at, dataset.current_version_id, version.fields, count(*) OVER () AS total
         FROM lineage.datasets dataset LEFT JOIN lineage.dataset_versions version ON version.version_id = dataset.current_version_id
         WHERE dataset.namespace_id = $1 ORDER BY dataset.name LIMIT $2 OFFSET $3`,
        [namespaceId, page.limit, page.offset],
      );
    return {
      items: rows.map((row) => ({ namespace: row.namespace, name: row.name, createdAt: row.first_seen_at, updatedAt: row.last_seen_at, currentVersion: row.current_version_id, fields: row.fields ?? [] })),
      totalCount: totalOf(rows),
    };
  }

  async datasetVersions(datasetId: string, page: Page): Promise<{ items: DatasetVersion[]; totalCount: number }> {
    const rows: Array<{ version_id: string; created_at: Date; run_id: string | null; fields: unknown[]; total: string }> = await this.dataSource.query(
      `SELECT version_id, created_at, run_id, fields, count(*) OVER () AS total FROM lineage.dataset_versions
       WHERE dataset_id = $1 ORDER BY created_at DESC, version_id LIMIT $2 OFFSET $3`,
      [datasetId, page.limit, page.offset],
    );
    return { items: rows.map((row) => ({ version: row.version_id, createdAt: row.created_at, runId: row.run_id, fields: row.fields })), totalCount: totalOf(rows) };
  }

  async jobs(namespaceId: string, page: Page): Promise<{ items: JobSummary[]; totalCount: number }> {
    const rows: Array<{ namespace: string; name: string; first_seen_at: Date; last_seen_at: Date; current_version_id: string | null; run_id: string | null; state: string | null; total: string }> =
      await this.dataSource.query(
        `SELECT job.namespace, job.name, job.first_seen_at, job.last_seen_at, job.current_version_id, latest.run_id, latest.state, count(*) OVER () AS total
         FROM lineage.jobs job
         LEFT JOIN LATERAL (SELECT run.run_id, run.state FROM lineage.runs run WHERE run.job_id = job.job_id ORDER BY run.created_at DESC LIMIT 1) latest ON true
         WHERE job.namespace_id = $1 ORDER BY job.name LIMIT $2 OFFSET $3`,
        [namespaceId, page.limit, page.offset],
      );
    return {
      items: rows.map((row) => ({
        namespace: row.namespace,
        name: row.name,
        createdAt: row.first_seen_at,
        updatedAt: row.last_seen_at,
        currentVersion: row.current_version_id,
        latestRun: row.run_id ? { id: row.run_id, state: row.state! } : null,
      })),
      totalCount: totalOf(rows),
    };
  }

  async jobVersions(jobId: string, page: Page): Promise<{ items: JobVersion[]; totalCount: number }> {
    const rows: Array<{ version_id: string; created_at: Date; run_id: string | null; inputs: string[]; outputs: string[]; facets: Record<string, unknown>; total: string }> = await this.dataSource.query(
      `SELECT version_id, created_at, run_id, inputs, outputs, facets, count(*) OVER () AS total FROM lineage.job_versions
       WHERE job_id = $1 ORDER BY created_at DESC, version_id LIMIT $2 OFFSET $3`,
      [jobId, page.limit, page.offset],
    );
    return {
      items: rows.map((row) => ({ version: row.version_id, createdAt: row.created_at, runId: row.run_id, inputs: row.inputs, outputs: row.outputs, facets: row.facets })),
      totalCount: totalOf(rows),
    };
  }

  async runs(jobId: string, page: Page): Promise<{ items: RunSummary[]; totalCount: number }> {
    const rows: Array<{ run_id: string; state: string; created_at: Date; started_at: Date | null; ended_at: Date | null; parent_run_id: string | null; datasets: RunDatasetJson[] | null; total: string }> =
      await this.dataSource.query(
        `SELECT run.run_id, run.state, run.created_at, run.started_at, run.ended_at, run.parent_run_id, count(*) OVER () AS total,
           (SELECT json_agg(json_build_object('direction', io.direction, 'namespace', dataset.namespace, 'name', dataset.name, 'version', io.dataset_version_id)
                            ORDER BY io.direction, dataset.namespace, dataset.name)
            FROM lineage.run_datasets io JOIN lineage.datasets dataset ON dataset.dataset_id = io.dataset_id WHERE io.run_id = run.run_id) AS datasets
         FROM lineage.runs run WHERE run.job_id = $1 ORDER BY run.created_at DESC, run.run_id LIMIT $2 OFFSET $3`,
        [jobId, page.limit, page.offset],
      );
    return {
      items: rows.map((row) => {
        const datasets = row.datasets ?? [];
        const of = (direction: string) => datasets.filter((dataset) => dataset.direction === direction).map(({ namespace, name, version }) => ({ namespace, name, version }));
        return { id: row.run_id, state: row.state, createdAt: row.created_at, startedAt: row.started_at, endedAt: row.ended_at, parentRunId: row.parent_run_id, inputs: of('INPUT'), outputs: of('OUTPUT') };
      }),
      totalCount: totalOf(rows),
    };
  }
}

interface RunDatasetJson { direction: string; namespace: string; name: string; version: string | null }

// The window count rides on every row; a page past the end has no row to carry it.
function totalOf(rows: ReadonlyArray<{ total: string }>): number {
  return rows.length > 0 ? Number(rows[0].total) : 0;
}
