import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { LineageClient } from './lineage-client';
import { LineageEventsQuery, LineageEventsResponse, LineageRunParams } from './lineage-query.dto';

/** The lineage service's run events, served through the gateway under the permission model. */
@ApiTags('lineage')
@ProblemDetails()
@Controller('api/v1/lineage')
export class LineageController {
  constructor(private readonly lineage: LineageClient) {}

  @Get('runs/:runId/events')
  @RequiresPermission('lineage:read', "A run's OpenLineage events and those of every stage run under it")
  @Header('Cache-Control', 'no-store')
  @ApiResponse({ status: 200, type: LineageEventsResponse })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the lineage service did not answer' })
  eventsOfRun(@Param() params: LineageRunParams, @Query() query: LineageEventsQuery): Promise<LineageEventsResponse> {
    return this.lineage.eventsOfRun(params.runId, query.limit);
  }
}
