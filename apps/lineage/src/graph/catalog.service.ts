import { Injectable } from '@nestjs/common';
import { LineageNamesQuery, LineageRunsQuery, LineageVersionsQuery, CURSOR_SHAPES, cursorKey, cursorPageOf, CursorValue, textKey } from '@atlas/platform';
import { CatalogRepository, CreatedKey, DatasetSummary, DatasetVersion, JobSummary, JobVersion, Listing, NamespaceSummary, RunSummary } from './catalog.repository';
import { datasetIdOf, jobIdOf, namespaceIdOf } from './graph-ids';

const NAME_KEY = textKey(CURSOR_SHAPES.text);
const CREATED_KEY = textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.uuid);

type Sorted = { sort: string; limit: number; cursor?: string };
type WithoutKey<Item> = Omit<Item, 'createdAtKey'>;

/**
 * A Marquez-shaped page: the items under Marquez's own name (`namespaces`, `datasets`, `versions`,
 * `jobs`, `runs`) and its `totalCount`, which Marquez clients read, plus the `nextCursor` every list of
 * the API answers (`?cursor=` for the next page; Marquez's `offset` is gone: keyset pages only).
 */
export type MarquezPage<Name extends string, Item> = { [Key in Name]: Item[] } & { totalCount: number; nextCursor: string | null };

/** The Marquez-compatible listings of the lineage catalog, a keyset page at a time. */
@Injectable()
export class CatalogService {
  constructor(private readonly catalog: CatalogRepository) {}

  namespaces(query: LineageNamesQuery): Promise<MarquezPage<'namespaces', NamespaceSummary>> {
    return this.page('namespaces', `lineage-namespaces:${query.sort}`, query, NAME_KEY, (after) => this.catalog.namespaces({ after: after?.[0] as string, limit: query.limit + 1 }), (item) => [item.name]);
  }

  datasets(namespace: string, query: LineageNamesQuery): Promise<MarquezPage<'datasets', DatasetSummary>> {
    const namespaceId = namespaceIdOf(namespace);
    return this.page('datasets', `lineage-datasets:${query.sort}:${namespaceId}`, query, NAME_KEY, (after) => this.catalog.datasets(namespaceId, { after: after?.[0] as string, limit: query.limit + 1 }), (item) => [item.name]);
  }

  datasetVersions(namespace: string, dataset: string, query: LineageVersionsQuery): Promise<MarquezPage<'versions', WithoutKey<DatasetVersion>>> {
    const datasetId = datasetIdOf(namespace, dataset);
    return this.page('versions', `lineage-dataset-versions:${query.sort}:${datasetId}`, query, CREATED_KEY, (after) => this.catalog.datasetVersions(datasetId, { after: after as CreatedKey, limit: query.limit + 1 }), (item) => [item.createdAtKey, item.version]);
  }

  jobs(namespace: string, query: LineageNamesQuery): Promise<MarquezPage<'jobs', JobSummary>> {
    const namespaceId = namespaceIdOf(namespace);
    return this.page('jobs', `lineage-jobs:${query.sort}:${namespaceId}`, query, NAME_KEY, (after) => this.catalog.jobs(namespaceId, { after: after?.[0] as string, limit: query.limit + 1 }), (item) => [item.name]);
  }

  jobVersions(namespace: string, job: string, query: LineageVersionsQuery): Promise<MarquezPage<'versions', WithoutKey<JobVersion>>> {
    const jobId = jobIdOf(namespace, job);
    return this.page('versions', `lineage-job-versions:${query.sort}:${jobId}`, query, CREATED_KEY, (after) => this.catalog.jobVersions(jobId, { after: after as CreatedKey, limit: query.limit + 1 }), (item) => [item.createdAtKey, item.version]);
  }

  runs(namespace: string, job: string, query: LineageRunsQuery): Promise<MarquezPage<'runs', WithoutKey<RunSummary>>> {
    const jobId = jobIdOf(namespace, job);
    return this.page('runs', `lineage-runs:${query.sort}:${jobId}`, query, CREATED_KEY, (after) => this.catalog.runs(jobId, { after: after as CreatedKey, limit: query.limit + 1 }), (item) => [item.createdAtKey, item.id]);
  }

  /** Reads `limit + 1` rows after the cursor's key (scoped to the listing, its sort and its parent), and names the page as Marquez does. */
  private async page<Name extends string, Item extends object>(
    name: Name,
    scope: string,
    query: Sorted,
    isKey: (key: CursorValue[]) => boolean,
    read: (after: CursorValue[] | undefined) => Promise<Listing<Item>>,
    keyOf: (item: Item) => CursorValue[],
  ): Promise<MarquezPage<Name, WithoutKey<Item>>> {
    const listing = await read(cursorKey(query.cursor, scope, isKey));
    const { items, nextCursor } = cursorPageOf(listing.items, query.limit, scope, keyOf, withoutKey);
    return { [name]: items, totalCount: listing.totalCount, nextCursor } as MarquezPage<Name, WithoutKey<Item>>;
  }
}

/** The microsecond sort key rides along for the cursor only; the item keeps Marquez's fields. */
function withoutKey<Item extends object>(item: Item): WithoutKey<Item> {
  const { createdAtKey: _key, ...rest } = item as Item & { createdAtKey?: string };
  return rest;
}
