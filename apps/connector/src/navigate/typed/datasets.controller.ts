import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { CursorPageQuery, DatasetParams, DEFAULT_PAGE_SIZE } from './datasets.dto';
import { DatasetsService } from './datasets.service';

/** The typed Navigate tables: one per dataset (source), protected values only. */
@ApiTags('datasets')
@ApiBearerAuth()
@Controller('api/v1/datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  @Get()
  @RequirePermission('datasets:read')
  list(@Query() query: CursorPageQuery): ReturnType<DatasetsService['list']> {
    return this.datasets.list(query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }

  @Get(':datasetId')
  @RequirePermission('datasets:read')
  @ApiResponse({ status: 404, description: 'No typed dataset has this id' })
  find(@Param() params: DatasetParams): ReturnType<DatasetsService['find']> {
    return this.datasets.find(params.datasetId);
  }

  @Get(':datasetId/rows')
  @RequirePermission('datasets:read')
  @ApiResponse({ status: 400, description: 'A cursor this API did not return' })
  @ApiResponse({ status: 404, description: 'No typed dataset has this id' })
  rows(@Param() params: DatasetParams, @Query() query: CursorPageQuery): ReturnType<DatasetsService['rows']> {
    return this.datasets.rows(params.datasetId, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor);
  }
}
