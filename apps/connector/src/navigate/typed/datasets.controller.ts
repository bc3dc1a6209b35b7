import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import type { NavigateRowProvenance } from '@atlas/contracts';
import { RecordProvenanceService } from '../record-provenance';
import { DatasetParams, DatasetRowsQuery, DatasetsQuery, RowKeyQuery } from './datasets.dto';
import { DatasetsService } from './datasets.service';

/** The typed Navigate tables: one per dataset (source), protected values only. */
@ApiTags('datasets')
@ApiBearerAuth()
@Controller('api/v1/datasets')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly provenance: RecordProvenanceService,
  ) {}

  @Get()
  @RequirePermission('datasets:read')
  list(@Query() query: DatasetsQuery): ReturnType<DatasetsService['list']> {
    return this.datasets.list(query.limit, query.cursor);
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
  rows(@Param() params: DatasetParams, @Query() query: DatasetRowsQuery): ReturnType<DatasetsService['rows']> {
    return this.datasets.rows(params.datasetId, query.limit, query.cursor);
  }

  @Get(':datasetId/rows/provenance')
  @RequirePermission('datasets:read')
  @ApiResponse({ status: 400, description: 'invalid_key: not as many values as key columns, or a value not of its column type' })
  @ApiResponse({ status: 404, description: 'No typed dataset has this id, or it has no row with this key' })
  async rowProvenance(@Param() params: DatasetParams, @Query() query: RowKeyQuery): Promise<NavigateRowProvenance> {
    return this.provenance.provenanceOf(await this.datasets.recordIdOf(params.datasetId, query.key));
  }
}
