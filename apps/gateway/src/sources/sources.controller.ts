import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { stringify } from 'yaml';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { ApiCursorPage } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { AuditedChanges } from '../internal-services/audited-changes';
import { HeldRecordsHints } from '../internal-services/held-records-hints';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { relay, RelayResponse } from '../internal-services/relay';
import { ColumnHintsResponse, ContractSuggestionResponse, RunProfileResponse } from './profile-responses.dto';
import { SourceCheckResponse, SourceDiscoveryResponse, SourceResponse, SourceRunResponse, SourceRunWithHintResponse, UploadResponse } from './source-responses.dto';
import { ContractDraftQuery, CreateSourceBody, ProfileQuery, SourceIdParams, SourceRunParams, SourceRunsQuery, SourcesQuery, UploadQuery } from './sources.dto';
import { ApiRelayedArray } from '../internal-services/relayed-answer';

/**
 * Sources, their runs and file uploads: the connector's API under the permission model. Runs of
 * sources live under /api/v1/source-runs (GET /api/v1/runs/{runId} is a pushed run, kept by the gateway).
 */
@ApiTags('sources')
@ProblemDetails()
@Controller('api/v1')
export class SourcesController {
  constructor(
    private readonly services: InternalServices,
    private readonly changes: AuditedChanges,
    private readonly hints: HeldRecordsHints,
  ) {}

  @Get('connectors')
  @RequiresPermission('sources:read', 'The source types and their config specs')
  @ApiRelayedArray('The source types: type, description, config spec', 'object')
  async connectors(): Promise<unknown> {
    return (await this.services.connector.call({ path: '/api/v1/connectors' })).body;
  }

  @Post('sources')
  @RequiresPermission('sources:write', 'Create a source (audited)')
  @ApiResponse({ status: 201, type: SourceResponse, description: 'The source' })
  @ApiResponse({ status: 400, description: "Unknown type, a config that does not match the type's spec, or a malformed schedule" })
  @ApiResponse({ status: 409, description: 'A source with this id exists' })
  async create(@Caller() caller: ApiKeyCaller, @Body() body: CreateSourceBody, @Res({ passthrough: true }) response: RelayResponse): Promise<unknown> {
    const change = { action: 'source.create', targetType: 'source', targetId: body.sourceId };
    return relay(response, await this.changes.make(caller, change, () => this.services.connector.call({ method: 'POST', path: '/api/v1/sources', body })));
  }

  @Get('sources')
  @ApiCursorPage({ description: 'sources (id, type, config, schedule, createdAt)' })
  @RequiresPermission('sources:read', 'List sources ({items, nextCursor}; ?sort=createdAt (default)|-createdAt|sourceId)')
  async list(@Query() query: SourcesQuery): Promise<unknown> {
    return (await this.services.connector.call({ path: '/api/v1/sources' + queryString({ limit: query.limit, cursor: query.cursor, sort: query.sort }) })).body;
  }

  @Get('sources/:sourceId')
  @RequiresPermission('sources:read', 'One source')
  @ApiResponse({ status: 200, type: SourceResponse })
  @ApiResponse({ status: 404, description: 'No such source' })
  async find(@Param() params: SourceIdParams): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/sources/${params.sourceId}` })).body;
  }

  @Get('sources/:sourceId/profile')
  @RequiresPermission('sources:read', "The profile of the source's latest run (or ?runId=): per field types, null rate, distinct estimate, ranges, top values; no raw personal value")
  @ApiResponse({ status: 200, type: RunProfileResponse, description: 'Per top-level field: types, null rate, distinct estimate, ranges, top values' })
  @ApiResponse({ status: 404, description: 'The source has no profiled run (or not this one)' })
  async profile(@Param() params: SourceIdParams, @Query() query: ProfileQuery): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/sources/${params.sourceId}/profile` + queryString({ runId: query.runId }) })).body;
  }

  @Get('sources/:sourceId/profile/contract-suggestion')
  @RequiresPermission('sources:read', 'A draft ODCS contract read off the profile (logical types, required, unique, a primary key), to review before activating')
  @ApiResponse({ status: 200, type: ContractSuggestionResponse })
  @ApiResponse({ status: 404, description: 'The source has no profiled run (or not this one)' })
  async contractSuggestion(@Param() params: SourceIdParams, @Query() query: ProfileQuery): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/sources/${params.sourceId}/profile/contract-suggestion` + queryString({ runId: query.runId }) })).body;
  }

  @Get('sources/:sourceId/contract-draft')
  @RequiresPermission('sources:read', "The draft ODCS v3.1 contract of a source without one, read off its profile (types, required, unique, primary key): post it unchanged to /api/v1/contracts, then activate it to replay the source's held records; ?format=yaml to edit it")
  @ApiResponse({ status: 200, type: ContractSuggestionResponse, description: 'The draft (status draft), as JSON or, with ?format=yaml, the same document as application/yaml' })
  @ApiResponse({ status: 404, description: 'The source has no profiled run (or not this one)' })
  async contractDraft(@Param() params: SourceIdParams, @Query() query: ContractDraftQuery, @Res({ passthrough: true }) response: Response): Promise<unknown> {
    const draft = (await this.services.connector.call({ path: servicePath`/api/v1/sources/${params.sourceId}/profile/contract-suggestion` + queryString({ runId: query.runId }) })).body;
    if (query.format !== 'yaml') return draft;
    response.type('application/yaml');
    return stringify(draft);
  }

  @Get('sources/:sourceId/profile/column-hints')
  @RequiresPermission('sources:read', 'The fields whose profile shows a personal kind (e-mail, URL, IP address, date, phone number), read from patterns and types only: hints for pii-detection')
  @ApiResponse({ status: 200, type: ColumnHintsResponse })
  @ApiResponse({ status: 404, description: 'The source has no profiled run (or not this one)' })
  async columnHints(@Param() params: SourceIdParams, @Query() query: ProfileQuery): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/sources/${params.sourceId}/profile/column-hints` + queryString({ runId: query.runId }) })).body;
  }

  @Post('sources/:sourceId/check')
  @HttpCode(200)
  @RequiresPermission('sources:write', "Check that the source's config reaches its data")
  @ApiResponse({ status: 200, type: SourceCheckResponse })
  async check(@Param() params: SourceIdParams): Promise<unknown> {
    return (await this.services.connector.call({ method: 'POST', path: servicePath`/api/v1/sources/${params.sourceId}/check` })).body;
  }

  @Post('sources/:sourceId/discover')
  @HttpCode(200)
  @RequiresPermission('sources:write', "The source's streams and their inferred JSON Schema")
  @ApiResponse({ status: 200, type: SourceDiscoveryResponse })
  async discover(@Param() params: SourceIdParams): Promise<unknown> {
    return (await this.services.connector.call({ method: 'POST', path: servicePath`/api/v1/sources/${params.sourceId}/discover` })).body;
  }

  @Post('sources/:sourceId/runs')
  @HttpCode(202)
  @RequiresPermission('sources:write', 'Start a run of the source (audited)')
  @ApiResponse({ status: 202, type: SourceRunResponse, description: 'The queued run; it executes in the background' })
  @ApiResponse({ status: 409, description: 'The source has a queued or running run, or is a push source (its runs are opened by its pushes)' })
  async startRun(@Caller() caller: ApiKeyCaller, @Param() params: SourceIdParams): Promise<unknown> {
    const change = { action: 'source-run.start', targetType: 'source', targetId: params.sourceId };
    return (await this.changes.make(caller, change, () => this.services.connector.call({ method: 'POST', path: servicePath`/api/v1/sources/${params.sourceId}/runs` }))).body;
  }

  @Post('sources/:sourceId/uploads')
  @HttpCode(202)
  @RequiresPermission('sources:write', 'Upload a file for the source and start a run that reads it (audited)')
  @ApiConsumes('application/octet-stream')
  @ApiBody({ description: 'The file, streamed through the gateway to the connector as it arrives (never buffered; CONNECTOR_MAX_UPLOAD_BYTES)', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 202, type: UploadResponse, description: 'Stored; a run of the source reads it (a new source becomes a file source)' })
  @ApiResponse({ status: 409, description: 'Not a file source, a run is active, or uploads are not configured' })
  @ApiResponse({ status: 413, description: 'Larger than CONNECTOR_MAX_UPLOAD_BYTES' })
  @ApiResponse({ status: 415, description: 'The body is not application/octet-stream' })
  async upload(@Caller() caller: ApiKeyCaller, @Param() params: SourceIdParams, @Query() query: UploadQuery, @Req() request: Request): Promise<unknown> {
    // Any other type may have been read by a body parser already; octet streams never are.
    if (!request.is('application/octet-stream')) {
      throw new UnsupportedMediaTypeException({ statusCode: 415, error: 'Unsupported Media Type', code: 'upload_not_octet_stream', message: 'Upload the file as Content-Type: application/octet-stream' });
    }
    const path = servicePath`/api/v1/sources/${params.sourceId}/uploads` + queryString({ name: query.name, format: query.format, delimiter: query.delimiter, encoding: query.encoding });
    const change = { action: 'source.upload', targetType: 'source', targetId: params.sourceId };
    return (await this.changes.make(caller, change, () => this.services.connector.upload({ path, body: request, contentType: 'application/octet-stream' }))).body;
  }

  @Get('source-runs')
  @ApiCursorPage({ description: 'runs of sources (state, counts, times)' })
  @RequiresPermission('runs:read', "Runs of sources ({items, nextCursor}; ?sort=-createdAt (newest first, default)|createdAt); ?sourceId= for one source's")
  async listRuns(@Query() query: SourceRunsQuery): Promise<unknown> {
    const { sourceId, limit, cursor, sort } = query;
    return (await this.services.connector.call({ path: '/api/v1/runs' + queryString({ sourceId, limit, cursor, sort }) })).body;
  }

  @Get('source-runs/:runId')
  @RequiresPermission('runs:read', "One run of a source: state, counts, checkpoint; held: the command to activate a contract while the source's records are held for want of one")
  @ApiResponse({ status: 200, type: SourceRunWithHintResponse })
  @ApiResponse({ status: 404, description: 'No such run' })
  async findRun(@Param() params: SourceRunParams): Promise<unknown> {
    return this.hints.attach((await this.services.connector.call({ path: servicePath`/api/v1/runs/${params.runId}` })).body as object);
  }

  @Post('source-runs/:runId/cancel')
  @HttpCode(200)
  @RequiresPermission('sources:write', 'Cancel a queued or running run (audited)')
  @ApiResponse({ status: 200, type: SourceRunResponse, description: 'The run, cancelled' })
  @ApiResponse({ status: 409, description: 'The run has already ended' })
  async cancelRun(@Caller() caller: ApiKeyCaller, @Param() params: SourceRunParams): Promise<unknown> {
    const change = { action: 'source-run.cancel', targetType: 'source-run', targetId: params.runId };
    return (await this.changes.make(caller, change, () => this.services.connector.call({ method: 'POST', path: servicePath`/api/v1/runs/${params.runId}/cancel` }))).body;
  }
}
