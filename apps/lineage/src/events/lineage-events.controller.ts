import { Controller, Get, Param, Query } from '@nestjs/common';
import { RunEvent } from '@atlas/contracts';
import { RunEventsQuery, RunParams } from './dto/run-events-query.dto';
import { LineageEventsService } from './lineage-events.service';

@Controller('api/v1/lineage')
export class LineageEventsController {
  constructor(private readonly events: LineageEventsService) {}

  /** The run's own events and those of every stage run under it (OpenLineage parent facet). */
  @Get('runs/:runId/events')
  async eventsOfRun(@Param() params: RunParams, @Query() query: RunEventsQuery): Promise<{ runId: string; events: RunEvent[] }> {
    return { runId: params.runId, events: await this.events.eventsOfRun(params.runId, query.limit) };
  }
}
