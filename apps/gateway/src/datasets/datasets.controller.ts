import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCursorPage } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { DatasetParams, DatasetRowsQuery, DatasetsQuery } from './datasets.dto';
import { ApiRelayedObject } from '../internal-services/relayed-answer';

/** The typed Navigate datasets (one table per source, protected values only), served from the connector. */
@ApiTags('datasets')
@ProblemDetails()
@Controller('api/v1/datasets')
export class DatasetsController {
  constructor(private readonly services: InternalServices) {}

  @Get()
  @ApiCursorPage({ description: 'typed datasets by id' })
  @RequiresPermission('datasets:read', 'Typed datasets: table, columns and types, business key, the contract version that shaped them ({items, nextCursor})')
  async list(@Query() query: DatasetsQuery): Promise<unknown> {
    return (await this.services.connector.call({ path: '/api/v1/datasets' + queryString({ limit: query.limit, cursor: query.cursor, sort: query.sort }) })).body;
  }

  @Get(':datasetId')
  @RequiresPermission('datasets:read', 'One typed dataset with its row count and its conflicts (records kept out, with the reason)')
  @ApiResponse({ status: 404, description: 'No typed dataset has this id' })
  @ApiRelayedObject('The typed dataset: table, columns and types, business key, row count, conflicts')
  async find(@Param() params: DatasetParams): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/datasets/${params.datasetId}` })).body;
  }

  @Get(':datasetId/rows')
  @ApiCursorPage({ description: "the dataset's rows in business-key order (recordId, runId, contractVersion, values)" })
  @RequiresPermission('datasets:read', "The dataset's rows in business-key order, protected values only ({items, nextCursor})")
  @ApiResponse({ status: 404, description: 'No typed dataset has this id' })
  async rows(@Param() params: DatasetParams, @Query() query: DatasetRowsQuery): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/datasets/${params.datasetId}/rows` + queryString({ limit: query.limit, cursor: query.cursor, sort: query.sort }) })).body;
  }
}
