import { applyDecorators, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiCursorPage, LineageNamesQuery, LineageSearchQuery, LineageRunsQuery, LineageVersionsQuery } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { LineageDatasetParams, LineageJobParams, LineageNamespaceParams } from './lineage-query.dto';

/**
 * A Marquez-compatible page: the items under Marquez's own name (`namespaces`, `datasets`, `versions`,
 * `jobs`, `runs`) with its `totalCount`, since Marquez clients (its web UI, marquez-python) read
 * those, and the `nextCursor` of every list (`?limit=&cursor=&sort=` as everywhere; no `offset`).
 */
export function ApiMarquezPage(name: string, description: string): MethodDecorator {
  const schema = {
    type: 'object',
    required: [name, 'totalCount', 'nextCursor'],
    properties: {
      [name]: { type: 'array', items: { type: 'object', additionalProperties: true }, description },
      totalCount: { type: 'integer', description: 'How many the whole listing holds (Marquez)' },
      nextCursor: { type: 'string', nullable: true, description: 'Pass as ?cursor= (same sort) for the next page; null on the last page' },
    },
  };
  return applyDecorators(
    ApiOkResponse({ description: `{${name}, totalCount, nextCursor}: ${description} (Marquez's names, cursor pages)`, schema }),
    ApiCursorPage(),
    ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the lineage service did not answer' }),
  );
}

/** The lineage service's Marquez-compatible listings and search under the permission model; the gateway checks the bounds first. */
@ApiTags('lineage')
@ProblemDetails()
@Controller('api/v1')
export class LineageCatalogController {
  constructor(private readonly services: InternalServices) {}

  @Get('namespaces')
  @RequiresPermission('lineage:read', 'Lineage namespaces by name ({namespaces, totalCount, nextCursor})')
  @ApiMarquezPage('namespaces', 'namespaces by name')
  async namespaces(@Query() query: LineageNamesQuery): Promise<unknown> {
    return this.read('/api/v1/namespaces', query);
  }

  @Get('namespaces/:namespace/datasets')
  @RequiresPermission('lineage:read', "A namespace's datasets by name, with their current schema ({datasets, totalCount, nextCursor})")
  @ApiMarquezPage('datasets', 'datasets by name')
  async datasets(@Param() params: LineageNamespaceParams, @Query() query: LineageNamesQuery): Promise<unknown> {
    return this.read(servicePath`/api/v1/namespaces/${params.namespace}/datasets`, query);
  }

  @Get('namespaces/:namespace/datasets/:dataset/versions')
  @RequiresPermission('lineage:read', "A dataset's schema versions, newest first ({versions, totalCount, nextCursor})")
  @ApiMarquezPage('versions', 'schema versions, newest first')
  async datasetVersions(@Param() params: LineageDatasetParams, @Query() query: LineageVersionsQuery): Promise<unknown> {
    return this.read(servicePath`/api/v1/namespaces/${params.namespace}/datasets/${params.dataset}/versions`, query);
  }

  @Get('namespaces/:namespace/jobs')
  @RequiresPermission('lineage:read', "A namespace's jobs by name, with their latest run ({jobs, totalCount, nextCursor})")
  @ApiMarquezPage('jobs', 'jobs by name')
  async jobs(@Param() params: LineageNamespaceParams, @Query() query: LineageNamesQuery): Promise<unknown> {
    return this.read(servicePath`/api/v1/namespaces/${params.namespace}/jobs`, query);
  }

  @Get('namespaces/:namespace/jobs/:job/versions')
  @RequiresPermission('lineage:read', "A job's versions (inputs, outputs, facets), newest first ({versions, totalCount, nextCursor})")
  @ApiMarquezPage('versions', 'job versions, newest first')
  async jobVersions(@Param() params: LineageJobParams, @Query() query: LineageVersionsQuery): Promise<unknown> {
    return this.read(servicePath`/api/v1/namespaces/${params.namespace}/jobs/${params.job}/versions`, query);
  }

  @Get('namespaces/:namespace/jobs/:job/runs')
  @RequiresPermission('lineage:read', "A job's runs, newest first ({runs, totalCount, nextCursor})")
  @ApiMarquezPage('runs', 'runs, newest first')
  async runs(@Param() params: LineageJobParams, @Query() query: LineageRunsQuery): Promise<unknown> {
    return this.read(servicePath`/api/v1/namespaces/${params.namespace}/jobs/${params.job}/runs`, query);
  }

  @Get('lineage/search')
  @RequiresPermission('lineage:read', 'Datasets and jobs whose name holds ?q= (case-insensitive), by name or most recently seen first ({results, totalCount, nextCursor})')
  @ApiMarquezPage('results', 'matches: type, namespace, name, nodeId (for GET /api/v1/lineage?nodeId=), updatedAt')
  async search(@Query() query: LineageSearchQuery): Promise<unknown> {
    const { q, filter, namespace, limit, cursor, sort } = query;
    return (await this.services.lineage.call({ path: '/api/v1/lineage/search' + queryString({ q, filter, namespace, limit, cursor, sort }) })).body;
  }

  private async read(path: string, query: { limit: number; cursor?: string; sort: string }): Promise<unknown> {
    return (await this.services.lineage.call({ path: path + queryString({ limit: query.limit, cursor: query.cursor, sort: query.sort }) })).body;
  }
}
