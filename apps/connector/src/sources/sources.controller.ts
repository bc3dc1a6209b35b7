import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { ConnectorCheck, DiscoveredStream } from './connectors/source-connector';
import { CursorPage } from '@atlas/platform';
import { CreateSourceRequest, RunParams, RunResponse, RunsQuery, ScheduleTickResponse, SourceParams, SourceResponse, SourcesQuery, TicksQuery, UploadQuery, UploadResponse } from './dto/source.dto';
import { RunsService } from './runs.service';
import { SourcesService } from './sources.service';
import { UploadsService } from './uploads.service';

const DEFAULT_PAGE_SIZE = 50;

@ApiTags('sources')
@ApiBearerAuth()
@Controller('api/v1')
export class SourcesController {
  constructor(
    private readonly sources: SourcesService,
    private readonly runs: RunsService,
    private readonly uploads: UploadsService,
  ) {}

  @Get('connectors')
  connectors(): Array<{ type: string; description: string; spec: object }> {
    return this.sources.connectors();
  }

  @Post('sources')
  @ApiResponse({ status: 201, type: SourceResponse })
  @ApiResponse({ status: 400, description: "Unknown type, a config that does not match the type's spec, or a malformed schedule" })
  @ApiResponse({ status: 409, description: 'A source with this id exists' })
  create(@Body() request: CreateSourceRequest): Promise<SourceResponse> {
    return this.sources.create(request);
  }

  @Get('sources')
  @ApiResponse({ status: 200, description: '{items, nextCursor}: sources in the order of ?sort=' })
  list(@Query() query: SourcesQuery): Promise<CursorPage<SourceResponse>> {
    return this.sources.list(query);
  }

  @Get('sources/:sourceId')
  @ApiResponse({ status: 200, type: SourceResponse })
  find(@Param() params: SourceParams): Promise<SourceResponse> {
    return this.sources.find(params.sourceId);
  }

  @Get('sources/:sourceId/schedule/ticks')
  @ApiResponse({ status: 200, type: ScheduleTickResponse, isArray: true, description: 'The newest ticks of the schedule first' })
  scheduleTicks(@Param() params: SourceParams, @Query() query: TicksQuery): Promise<{ items: ScheduleTickResponse[] }> {
    return this.sources.scheduleTicks(params.sourceId, query.limit ?? DEFAULT_PAGE_SIZE);
  }

  @Post('sources/:sourceId/check')
  @HttpCode(200)
  check(@Param() params: SourceParams): Promise<ConnectorCheck> {
    return this.sources.check(params.sourceId);
  }

  @Post('sources/:sourceId/discover')
  @HttpCode(200)
  discover(@Param() params: SourceParams): Promise<{ streams: DiscoveredStream[] }> {
    return this.sources.discover(params.sourceId);
  }

  @Post('sources/:sourceId/runs')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: RunResponse, description: 'The run is queued and executes in the background' })
  @ApiResponse({ status: 409, description: 'The source has a queued or running run, or is a push source (its runs are opened by its pushes)' })
  startRun(@Param() params: SourceParams): Promise<RunResponse> {
    return this.runs.start(params.sourceId);
  }

  @Post('sources/:sourceId/uploads')
  @HttpCode(202)
  @ApiBody({ description: 'The file, streamed as application/octet-stream (never buffered; CONNECTOR_MAX_UPLOAD_BYTES)', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 202, type: UploadResponse, description: 'Stored; a run of the source reads it (the source is created as a file source if new)' })
  @ApiResponse({ status: 409, description: 'Not a file source, a run is active, or uploads are not configured' })
  @ApiResponse({ status: 413, description: 'Larger than CONNECTOR_MAX_UPLOAD_BYTES' })
  upload(@Param() params: SourceParams, @Query() query: UploadQuery, @Req() request: Request): Promise<UploadResponse> {
    return this.uploads.receive(params.sourceId, request, query);
  }

  @Get('runs')
  @ApiResponse({ status: 200, description: '{items, nextCursor}: runs in the order of ?sort= (newest first by default)' })
  listRuns(@Query() query: RunsQuery): Promise<CursorPage<RunResponse>> {
    return this.runs.list(query);
  }

  @Get('runs/:runId')
  @ApiResponse({ status: 200, type: RunResponse })
  findRun(@Param() params: RunParams): Promise<RunResponse> {
    return this.runs.find(params.runId);
  }

  @Post('runs/:runId/cancel')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: RunResponse })
  @ApiResponse({ status: 409, description: 'The run has already ended' })
  cancelRun(@Param() params: RunParams): Promise<RunResponse> {
    return this.runs.cancel(params.runId);
  }
}
