import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { presentedApiKey } from '@atlas/auth';
import { LineageIngestService } from './lineage-ingest.service';
import { LineageServiceClient } from './lineage-service.client';

interface ForwardedRequest {
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
}
interface ForwardingResponse {
  status(code: number): unknown;
}

const EVENT_BODY = {
  description:
    'One OpenLineage 2-0-2 RunEvent, DatasetEvent or JobEvent, or a JSON array of them (at most MAX_LINEAGE_EVENTS_PER_REQUEST, default 500), ' +
    'accepted all or nothing. The official OpenLineage clients post here with their HTTP transport (url = the gateway, endpoint api/v1/lineage, api key as Bearer).',
  schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] },
};

/** OpenLineage in (validated, then published to the lineage topic) and the lineage service's graph out. */
@ApiTags('lineage')
@ApiBearerAuth()
@Controller('api/v1')
export class LineageController {
  constructor(
    private readonly ingestion: LineageIngestService,
    private readonly lineageService: LineageServiceClient,
  ) {}

  @Post(['lineage', 'lineage/batch'])
  @HttpCode(202)
  @ApiBody(EVENT_BODY)
  @ApiResponse({ status: 202, description: '{ accepted: number }: published to atlas.lineage.events.v1; the graph shows them within moments' })
  @ApiResponse({ status: 400, description: 'Some event breaks the spec: each refused event is named by index with instance path, schema path and message. Nothing was accepted.' })
  @ApiResponse({ status: 413, description: 'Over MAX_LINEAGE_EVENTS_PER_REQUEST, or an event over KAFKA_MAX_MESSAGE_BYTES. Nothing was accepted.' })
  ingest(@Body() body: unknown): Promise<{ accepted: number }> {
    return this.ingestion.ingest(body);
  }

  @Get(['lineage', 'lineage/pii-propagation', 'namespaces', 'namespaces/:namespace/datasets', 'namespaces/:namespace/datasets/:dataset/versions', 'namespaces/:namespace/jobs', 'namespaces/:namespace/jobs/:job/runs'])
  @ApiResponse({ status: 200, description: 'Served by the lineage service: GET /api/v1/lineage?nodeId=…&depth=… (graph), namespaces, datasets, versions, jobs and runs' })
  async read(@Req() request: ForwardedRequest, @Res({ passthrough: true }) response: ForwardingResponse): Promise<unknown> {
    // The guard has accepted the key already; the lineage service checks the same key again.
    const answer = await this.lineageService.get(request.originalUrl, presentedApiKey(request)!);
    response.status(answer.status);
    return answer.body;
  }
}
