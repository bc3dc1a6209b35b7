import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { GatewayEnvironment } from '../gateway-environment';
import { ProblemDetails } from '../identity/endpoint-permission';
import { HeldRecordsHints } from '../internal-services/held-records-hints';
import { PushRefusalResponse } from './dto/push-refusal.dto';
import { IngestionRunResponse, PushRecordsResponse } from './dto/push-records-response.dto';
import { RunParams, SourceParams } from './dto/source-params.dto';
import { RecordsService } from './records.service';

// The documented limits are the defaults; a deployment may set others.
const LIMITS = new GatewayEnvironment();

@ApiTags('records')
@ApiBearerAuth()
@ProblemDetails()
@Controller('api/v1')
export class RecordsController {
  constructor(
    private readonly records: RecordsService,
    private readonly hints: HeldRecordsHints,
  ) {}

  @Post('sources/:sourceId/records')
  @HttpCode(202)
  @RequirePermission('records:push')
  @ApiBody({
    schema: { type: 'array', items: { type: 'object' } },
    description:
      'The records, each a JSON object, accepted all or nothing. Limits (setting: default): ' +
      `MAX_REQUEST_BODY_BYTES: ${LIMITS.MAX_REQUEST_BODY_BYTES} bytes of body; MAX_RECORDS_PER_REQUEST: ${LIMITS.MAX_RECORDS_PER_REQUEST} records; ` +
      `MAX_RECORD_BYTES: ${LIMITS.MAX_RECORD_BYTES} bytes of JSON per record; MAX_STRING_LENGTH: ${LIMITS.MAX_STRING_LENGTH} characters; ` +
      `MAX_NESTING_DEPTH: ${LIMITS.MAX_NESTING_DEPTH} levels (the record is level 1); MAX_KEYS_PER_OBJECT: ${LIMITS.MAX_KEYS_PER_OBJECT} keys; ` +
      `MAX_KEY_LENGTH: ${LIMITS.MAX_KEY_LENGTH} characters. ` +
      'Strings and keys may not hold NUL (\\u0000) or unpaired UTF-16 surrogates, which PostgreSQL jsonb cannot store.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Makes a retried push the same run (1-255 printable ASCII characters, scoped to the source)',
  })
  @ApiResponse({ status: 202, type: PushRecordsResponse })
  @ApiResponse({
    status: 400,
    type: PushRefusalResponse,
    description:
      'Not a JSON array of objects; invalid JSON (the position only, never a quote); nesting deeper than MAX_NESTING_DEPTH; ' +
      'NUL or an unpaired surrogate; a malformed Idempotency-Key. Nothing was published.',
  })
  @ApiResponse({
    status: 409,
    type: PushRefusalResponse,
    description:
      'The Idempotency-Key was used for a different body, or a push with it is still in progress, or this push stalled ' +
      'and a retry with the same key took its run over while it was publishing (its records may have been published; ' +
      'nothing is confirmed): retry with the same key, which answers 202 from the run once it is accepted.',
  })
  @ApiResponse({
    status: 413,
    type: PushRefusalResponse,
    description:
      'Over MAX_REQUEST_BODY_BYTES or MAX_RECORDS_PER_REQUEST, or a record over MAX_RECORD_BYTES, MAX_STRING_LENGTH, ' +
      'MAX_KEYS_PER_OBJECT or MAX_KEY_LENGTH; each refused record is named with its index. Nothing was published.',
  })
  @ApiResponse({ status: 415, type: PushRefusalResponse, description: 'A charset other than UTF-8 or an unsupported Content-Encoding' })
  async push(
    @Param() params: SourceParams,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<PushRecordsResponse> {
    return this.hints.attach(await this.records.push(params.sourceId, body, idempotencyKey?.trim() || undefined));
  }

  @Get('runs/:runId')
  @RequirePermission('runs:read')
  @ApiResponse({ status: 200, type: IngestionRunResponse })
  async findRun(@Param() params: RunParams): Promise<IngestionRunResponse> {
    return this.hints.attach(await this.records.findRun(params.runId));
  }
}
