import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { DatasetPageQuery, DatasetParams } from './datasets.dto';

/** The typed Navigate datasets (one table per source, protected values only), served from the connector. */
@ApiTags('datasets')
@ProblemDetails()
@Controller('api/v1/datasets')
export class DatasetsController {
  constructor(private readonly services: InternalServices) {}

  @Get()
  @RequiresPermission('datasets:read', 'Typed datasets: table, columns and types, business key, the contract version that shaped them ({items, nextCursor})')
  async list(@Query() query: DatasetPageQuery): Promise<unknown> {
    return (await this.services.connector.call({ path: '/api/v1/datasets' + queryString({ limit: query.limit, cursor: query.cursor }) })).body;
  }

  @Get(':datasetId')
  @RequiresPermission('datasets:read', 'One typed dataset with its row count and its conflicts (records kept out, with the reason)')
  @ApiResponse({ status: 404, description: 'No typed dataset has this id' })
  async find(@Param() params: DatasetParams): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/datasets/${params.datasetId}` })).body;
  }

  @Get(':datasetId/rows')
  @RequiresPermission('datasets:read', "The dataset's rows in business-key order, protected values only ({items, nextCursor})")
  @ApiResponse({ status: 400, description: 'A cursor this API did not return' })
  @ApiResponse({ status: 404, description: 'No typed dataset has this id' })
  async rows(@Param() params: DatasetParams, @Query() query: DatasetPageQuery): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/datasets/${params.datasetId}/rows` + queryString({ limit: query.limit, cursor: query.cursor }) })).body;
  }
}
