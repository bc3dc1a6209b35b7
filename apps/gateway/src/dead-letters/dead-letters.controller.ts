import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, UseFilters } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { ApiCursorPage, DeadLetterPage, DeadLetterParams, DeadLetterResponse, DeadLettersQuery, UnsealedDeadLetter } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { AuditedChanges } from '../internal-services/audited-changes';
import { InternalServices } from '../internal-services/internal-services';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { REVEAL_ACTION, RevealRefusalAuditFilter } from '../pii/reveal-refusal-audit.filter';
import { RevealReason } from '../pii/reveal.dto';

/**
 * The records every service dead-lettered (stored by the connector from atlas.dead-letter.v1):
 * listed by source, run or service with their reasons and positions, never a value. Their original
 * values stay sealed to the vault key; pii:reveal opens one, saying why, audited like a detokenize.
 */
@ApiTags('dead letters')
@ProblemDetails()
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(
    private readonly services: InternalServices,
    private readonly changes: AuditedChanges,
  ) {}

  @Get()
  @ApiCursorPage()
  @ApiResponse({ status: 200, type: DeadLetterPage })
  @RequiresPermission('runs:read', 'Dead letters ({items, nextCursor}; ?sort=-deadLetterId (newest first, default)|deadLetterId; ?sourceId=, ?runId=, ?service=): reason, service and source position, never a value')
  async list(@Query() query: DeadLettersQuery): Promise<unknown> {
    const { sourceId, runId, service, limit, cursor, sort } = query;
    return (await this.services.connector.call({ path: '/api/v1/dead-letters' + queryString({ sourceId, runId, service, limit, cursor, sort }) })).body;
  }

  @Get(':deadLetterId')
  @RequiresPermission('runs:read', 'One dead letter: reason, service, source position, and whether its original value was kept (sealed)')
  @ApiResponse({ status: 200, type: DeadLetterResponse })
  @ApiResponse({ status: 404, description: 'No such dead letter' })
  async find(@Param() params: DeadLetterParams): Promise<unknown> {
    return (await this.services.connector.call({ path: servicePath`/api/v1/dead-letters/${String(params.deadLetterId)}` })).body;
  }

  @Post(':deadLetterId/unseal')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @UseFilters(RevealRefusalAuditFilter)
  @RequiresPermission('pii:reveal', "Open a dead letter's sealed original value, saying why (audited: who, which dead letter, when, why)")
  @ApiResponse({ status: 200, type: UnsealedDeadLetter })
  @ApiResponse({ status: 400, description: 'No reason (10-500 characters)' })
  @ApiResponse({ status: 404, description: 'No such dead letter, or it kept no original value' })
  @ApiResponse({ status: 503, description: 'The gateway has no reveal credential (PII_DETOKENIZE_API_KEYS is empty), or a service is unavailable' })
  async unseal(@Caller() caller: ApiKeyCaller, @Param() params: DeadLetterParams, @Body() body: RevealReason): Promise<unknown> {
    const change = { action: REVEAL_ACTION, targetType: 'dead-letter', targetId: String(params.deadLetterId), details: { reason: body.reason.trim() } };
    const call = async () => {
      const sealed = (await this.services.connector.call({ path: servicePath`/api/v1/dead-letters/${String(params.deadLetterId)}/sealed` })).body;
      return this.services.piiDetection.call({ method: 'POST', path: '/api/v1/dead-letters/unseal', body: sealed, asRevealer: true });
    };
    return (await this.changes.make(caller, change, call)).body;
  }
}
