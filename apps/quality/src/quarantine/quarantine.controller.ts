import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { QuarantinedRecordParams, QuarantineListQuery, ReplayBody } from './quarantine.dto';
import { QuarantinePage, QuarantineRecordView, QuarantineService } from './quarantine.service';
import { RecordReplayView, ReplayService, ReplaySummary } from './replay.service';

@ApiTags('quarantine')
@ApiBearerAuth()
@Controller('api/v1/quarantine')
export class QuarantineController {
  constructor(
    private readonly quarantine: QuarantineService,
    private readonly replays: ReplayService,
  ) {}

  @Get('records')
  @ApiResponse({ status: 200, description: 'Quarantined records in quarantine order (no payloads), with nextCursor' })
  list(@Query() query: QuarantineListQuery): Promise<QuarantinePage> {
    const { sourceId, runId, checkId } = query;
    return this.quarantine.list({ sourceId, runId, checkId }, query.status, query.cursor, query.limit);
  }

  @Get('records/:recordId')
  @ApiResponse({ status: 200, description: 'The protected record as stored, every failed check and what could not be evaluated' })
  @ApiResponse({ status: 404, description: 'No quarantined record has this id' })
  get(@Param() params: QuarantinedRecordParams): Promise<QuarantineRecordView> {
    return this.quarantine.get(params.recordId);
  }

  @Post('records/:recordId/replay')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: 'released (published to Chart), quarantined (new reasons and version) or already_released (nothing done)' })
  @ApiResponse({ status: 409, description: 'Quarantined before replays were supported' })
  replayRecord(@Param() params: QuarantinedRecordParams): Promise<RecordReplayView> {
    return this.replays.replayRecord(params.recordId);
  }

  @Post('replay')
  @HttpCode(200)
  @ApiResponse({ status: 200, description: 'How many records of the selection were judged, released and kept' })
  replay(@Body() body: ReplayBody): Promise<ReplaySummary> {
    return this.replays.replaySelection({ sourceId: body.sourceId, runId: body.runId, checkId: body.checkId }, body.limit);
  }
}
