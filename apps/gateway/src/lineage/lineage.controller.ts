import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiCursorPage, RunEventsQuery } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { LineageIngestService } from './lineage-ingest.service';
import { LineageRecordParams, LineageRowKeyQuery, LineageRunParams, RecordProvenanceResponse } from './lineage-query.dto';
import { RecordProvenanceService } from './record-provenance';
import { ColumnLineageResponse, LineageEventsAcceptedResponse, LineageGraphResponse, PiiPropagationResponse, RunProvenanceResponse } from './lineage-responses.dto';

interface ForwardedRequest {
  originalUrl: string;
}

const EVENT_BODY = {
  description:
    'One OpenLineage 2-0-2 RunEvent, DatasetEvent or JobEvent, or a JSON array of them (at most MAX_LINEAGE_EVENTS_PER_REQUEST, default 500), ' +
    'accepted all or nothing. The official OpenLineage clients post here with their HTTP transport (url = the gateway, endpoint api/v1/lineage, api key as Bearer).',
  schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] },
};

/** OpenLineage in (validated, then published to the lineage topic) and the lineage service's graph out, under the permission model. */
@ApiTags('lineage')
@ProblemDetails()
@Controller('api/v1')
export class LineageController {
  constructor(
    private readonly ingestion: LineageIngestService,
    private readonly services: InternalServices,
    private readonly records: RecordProvenanceService,
  ) {}

  @Post(['lineage', 'lineage/batch'])
  @HttpCode(202)
  @RequiresPermission('lineage:write', 'Post OpenLineage events (one or a batch), as the official clients do')
  @ApiBody(EVENT_BODY)
  @ApiResponse({ status: 202, type: LineageEventsAcceptedResponse, description: 'Published to atlas.lineage.events.v1; the graph shows them within moments' })
  @ApiResponse({ status: 400, description: 'Some event breaks the spec: each refused event is named by index with instance path, schema path and message. Nothing was accepted.' })
  @ApiResponse({ status: 413, description: 'Over MAX_LINEAGE_EVENTS_PER_REQUEST, or an event over KAFKA_MAX_MESSAGE_BYTES. Nothing was accepted.' })
  ingest(@Body() body: unknown): Promise<{ accepted: number }> {
    return this.ingestion.ingest(body);
  }

  @Get('lineage/runs/:runId/events')
  @RequiresPermission('lineage:read', "A run's OpenLineage events and those of every stage run under it, oldest first ({items, nextCursor})")
  @Header('Cache-Control', 'no-store')
  @ApiCursorPage({ description: 'OpenLineage RunEvents of the run and its stage runs, oldest first (then event id)' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the lineage service did not answer' })
  async eventsOfRun(@Param() params: LineageRunParams, @Query() query: RunEventsQuery): Promise<unknown> {
    const { limit, cursor, sort } = query;
    return (await this.services.lineage.call({ path: servicePath`/api/v1/lineage/runs/${params.runId}/events` + queryString({ limit, cursor, sort }) })).body;
  }

  @Get('lineage/records/provenance')
  @RequiresPermission('lineage:read', "The same provenance for the row of a typed dataset found by its business key (?datasetId=…&key=…, one key per key column)")
  @Header('Cache-Control', 'no-store')
  @ApiResponse({ status: 200, type: RecordProvenanceResponse })
  @ApiResponse({ status: 400, description: "invalid_key: not as many key values as the dataset's key has columns, or a value not of its column's type" })
  @ApiResponse({ status: 404, description: 'dataset_not_found or row_not_found' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the connector, lineage or quality service did not answer' })
  provenanceOfRow(@Query() query: LineageRowKeyQuery): Promise<RecordProvenanceResponse> {
    return this.records.provenanceOfKey(query.datasetId, query.key);
  }

  @Get('lineage/records/:recordId/provenance')
  @RequiresPermission('lineage:read', "A Navigate row's provenance: source and position, run, the policy version that masked it, the contract version and the checks it passed, trace id, and its run's stages")
  @Header('Cache-Control', 'no-store')
  @ApiResponse({ status: 200, type: RecordProvenanceResponse })
  @ApiResponse({ status: 404, description: 'record_not_found: no Navigate row has this record id' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the connector, lineage or quality service did not answer' })
  provenanceOfRecord(@Param() params: LineageRecordParams): Promise<RecordProvenanceResponse> {
    return this.records.provenanceOf(params.recordId);
  }

  // The lineage service validates the queries of these reads and the encoded path parts: same paths on both sides.
  @Get('lineage')
  @RequiresPermission('lineage:read', 'The lineage graph around a dataset or job (?nodeId=dataset:{namespace}:{name}&depth=…, upstreamDepth, downstreamDepth, maxNodes, asOf)')
  @ApiResponse({ status: 200, type: LineageGraphResponse })
  @ApiResponse({ status: 400, description: 'node_id_invalid, or a depth or maxNodes out of range' })
  @ApiResponse({ status: 404, description: 'No such dataset or job has been seen' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the lineage service did not answer' })
  async graph(@Req() request: ForwardedRequest): Promise<unknown> {
    return (await this.services.lineage.call({ path: request.originalUrl })).body;
  }

  @Get('lineage/runs/:runId/provenance')
  @RequiresPermission('lineage:read', "The provenance of an ingestion run's records: its source, each stage's run, the checks quality asserted, the columns pii-detection masked")
  @ApiResponse({ status: 200, type: RunProvenanceResponse })
  @ApiResponse({ status: 404, description: 'run_not_found: no lineage was reported for this run' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the lineage service did not answer' })
  async runProvenance(@Req() request: ForwardedRequest): Promise<unknown> {
    return (await this.services.lineage.call({ path: request.originalUrl })).body;
  }

  @Get('lineage/pii-propagation')
  @RequiresPermission('lineage:read', "Which downstream columns still carry a column's values unmasked, and where they were masked (?namespace=…&name=…&field=…)")
  @ApiResponse({ status: 200, type: PiiPropagationResponse })
  @ApiResponse({ status: 404, description: 'No such dataset has been seen' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the lineage service did not answer' })
  async piiPropagation(@Req() request: ForwardedRequest): Promise<unknown> {
    return (await this.services.lineage.call({ path: request.originalUrl })).body;
  }

  @Get('lineage/columns')
  @RequiresPermission('lineage:read', 'Column-level lineage of one dataset (?nodeId=dataset:{namespace}:{name}, maxEdges, asOf): the column edges into and out of it, masking ones marked')
  @ApiResponse({ status: 200, type: ColumnLineageResponse })
  @ApiResponse({ status: 400, description: 'node_id_invalid, or maxEdges out of range' })
  @ApiResponse({ status: 404, description: 'No such dataset has been seen (by asOf)' })
  @ApiServiceUnavailableResponse({ description: 'dependency_unavailable: the lineage service did not answer' })
  async columnLineage(@Req() request: ForwardedRequest): Promise<unknown> {
    return (await this.services.lineage.call({ path: request.originalUrl })).body;
  }
}
