import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { RunEvent } from '@atlas/contracts';
import { CursorPage, RunEventsQuery } from '@atlas/platform';
import { RunParams } from './dto/run-params.dto';
import { LineageEventsService } from './lineage-events.service';
import { RunProvenance } from './run-provenance';

@Controller('api/v1/lineage')
export class LineageEventsController {
  constructor(private readonly events: LineageEventsService) {}

  /** The run's own events and those of every stage run under it (OpenLineage parent facet), `{items, nextCursor}`. */
  @Get('runs/:runId/events')
  eventsOfRun(@Param() params: RunParams, @Query() query: RunEventsQuery): Promise<CursorPage<RunEvent>> {
    return this.events.eventsOfRun(params.runId, query);
  }

  /**
   * The provenance of an ingestion run's records (joined with a Navigate row's own columns, that
   * row's provenance): its source, each stage's run with counts and state, the checks quality
   * asserted and the columns pii-detection masked. Read from the run-level lineage only.
   */
  @Get('runs/:runId/provenance')
  async provenanceOfRun(@Param() params: RunParams): Promise<RunProvenance> {
    const provenance = await this.events.provenanceOfRun(params.runId);
    if (!provenance.source && provenance.stages.length === 0) {
      throw new NotFoundException({ statusCode: 404, error: 'Not Found', code: 'run_not_found', message: 'No lineage was reported for this run' });
    }
    return provenance;
  }
}
