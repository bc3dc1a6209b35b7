import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LineageNamesQuery, LineageRunsQuery, LineageVersionsQuery } from '@atlas/platform';
import { DatasetSummary, DatasetVersion, JobSummary, JobVersion, NamespaceSummary, RunSummary } from './catalog.repository';
import { CatalogService, MarquezPage } from './catalog.service';
import { DatasetParams, JobParams, NamespaceParams } from './dto/lineage-query.dto';

type Versions<Version> = MarquezPage<'versions', Omit<Version, 'createdAtKey'>>;

/**
 * Marquez-shaped listings, paged by cursor like every list of the API (`?limit=&cursor=&sort=`, `nextCursor`),
 * the items under Marquez's names with its totalCount. Namespaces and names go URL-encoded in the path.
 */
@ApiTags('lineage')
@ApiBearerAuth()
@Controller('api/v1/namespaces')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  namespaces(@Query() query: LineageNamesQuery): Promise<MarquezPage<'namespaces', NamespaceSummary>> {
    return this.catalog.namespaces(query);
  }

  @Get(':namespace/datasets')
  datasets(@Param() params: NamespaceParams, @Query() query: LineageNamesQuery): Promise<MarquezPage<'datasets', DatasetSummary>> {
    return this.catalog.datasets(params.namespace, query);
  }

  @Get(':namespace/datasets/:dataset/versions')
  datasetVersions(@Param() params: DatasetParams, @Query() query: LineageVersionsQuery): Promise<Versions<DatasetVersion>> {
    return this.catalog.datasetVersions(params.namespace, params.dataset, query);
  }

  @Get(':namespace/jobs')
  jobs(@Param() params: NamespaceParams, @Query() query: LineageNamesQuery): Promise<MarquezPage<'jobs', JobSummary>> {
    return this.catalog.jobs(params.namespace, query);
  }

  @Get(':namespace/jobs/:job/versions')
  jobVersions(@Param() params: JobParams, @Query() query: LineageVersionsQuery): Promise<Versions<JobVersion>> {
    return this.catalog.jobVersions(params.namespace, params.job, query);
  }

  @Get(':namespace/jobs/:job/runs')
  runs(@Param() params: JobParams, @Query() query: LineageRunsQuery): Promise<MarquezPage<'runs', Omit<RunSummary, 'createdAtKey'>>> {
    return this.catalog.runs(params.namespace, params.job, query);
  }
}
