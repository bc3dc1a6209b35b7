import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CatalogRepository, DatasetSummary, DatasetVersion, JobSummary, JobVersion, NamespaceSummary, RunSummary } from './catalog.repository';
import { DatasetParams, JobParams, NamespaceParams, PageQuery } from './dto/lineage-query.dto';
import { datasetIdOf, jobIdOf, namespaceIdOf } from './graph-ids';

/** Marquez-shaped listings. Namespaces and names go URL-encoded in the path; totalCount is 0 on a page past the end. */
@ApiTags('lineage')
@ApiBearerAuth()
@Controller('api/v1/namespaces')
export class CatalogController {
  constructor(private readonly catalog: CatalogRepository) {}

  @Get()
  async namespaces(@Query() page: PageQuery): Promise<{ namespaces: NamespaceSummary[]; totalCount: number }> {
    const { items, totalCount } = await this.catalog.namespaces(page);
    return { namespaces: items, totalCount };
  }

  @Get(':namespace/datasets')
  async datasets(@Param() params: NamespaceParams, @Query() page: PageQuery): Promise<{ datasets: DatasetSummary[]; totalCount: number }> {
    const { items, totalCount } = await this.catalog.datasets(namespaceIdOf(params.namespace), page);
    return { datasets: items, totalCount };
  }

  @Get(':namespace/datasets/:dataset/versions')
  async datasetVersions(@Param() params: DatasetParams, @Query() page: PageQuery): Promise<{ versions: DatasetVersion[]; totalCount: number }> {
    const { items, totalCount } = await this.catalog.datasetVersions(datasetIdOf(params.namespace, params.dataset), page);
    return { versions: items, totalCount };
  }

  @Get(':namespace/jobs')
  async jobs(@Param() params: NamespaceParams, @Query() page: PageQuery): Promise<{ jobs: JobSummary[]; totalCount: number }> {
    const { items, totalCount } = await this.catalog.jobs(namespaceIdOf(params.namespace), page);
    return { jobs: items, totalCount };
  }

  @Get(':namespace/jobs/:job/versions')
  async jobVersions(@Param() params: JobParams, @Query() page: PageQuery): Promise<{ versions: JobVersion[]; totalCount: number }> {
    const { items, totalCount } = await this.catalog.jobVersions(jobIdOf(params.namespace, params.job), page);
    return { versions: items, totalCount };
  }

  @Get(':namespace/jobs/:job/runs')
  async runs(@Param() params: JobParams, @Query() page: PageQuery): Promise<{ runs: RunSummary[]; totalCount: number }> {
    const { items, totalCount } = await this.catalog.runs(jobIdOf(params.namespace, params.job), page);
    return { runs: items, totalCount };
  }
}
