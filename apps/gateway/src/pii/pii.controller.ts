import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { usesKeyedOperator } from '@atlas/contracts';
import { ApiCursorPage, ClassificationsQuery, PoliciesQuery } from '@atlas/platform';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { AuditedChanges } from '../internal-services/audited-changes';
import { queryString, servicePath } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';
import { relay, RelayResponse } from '../internal-services/relay';
import { ColumnClassificationResponse, PolicyResponse, PolicyVersionResponse, PresidioAnonymizeResponse, PresidioRecognizerResultResponse } from './pii-responses.dto';
import { ANALYZE_BODY, ANONYMIZE_BODY, CLASSIFICATION_BODY, ColumnParams, LanguageQuery, POLICY_BODY, PolicyParams, PolicyVersionParams } from './pii.dto';
import { ApiRelayedArray } from '../internal-services/relayed-answer';

const RECOGNIZER_RESULT = { $ref: getSchemaPath(PresidioRecognizerResultResponse) };
/** /analyze answers a list of results, or, for a batch of texts, a list of such lists. */
const RECOGNIZER_RESULTS = { type: 'array', items: { anyOf: [RECOGNIZER_RESULT, { type: 'array', items: RECOGNIZER_RESULT }] } };

/**
 * Column classifications, protection policies and the Presidio-compatible analyzer and anonymizer:
 * pii-detection's API under the permission model. Changes need pii:admin here and are made with the
 * gateway's pii:admin credential there (PII_ADMIN_API_KEYS). Findings are the gateway's own (FindingsController).
 */
@ApiTags('pii')
@ProblemDetails()
@Controller('api/v1')
export class PiiController {
  constructor(
    private readonly services: InternalServices,
    private readonly changes: AuditedChanges,
  ) {}

  @Get('pii/classifications')
  @ApiCursorPage({ description: "a source's column classifications by field path (class, entity type, confidence, evidence, who decided)" })
  @RequiresPermission('pii:read', "How each column of a source is classified, with the evidence and who decided, by field path; never values ({items, nextCursor})")
  async classifications(@Query() query: ClassificationsQuery): Promise<unknown> {
    const { sourceId, cursor, limit, sort } = query;
    return (await this.services.piiDetection.call({ path: '/api/v1/pii/classifications' + queryString({ sourceId, cursor, limit, sort }) })).body;
  }

  @Put('pii/classifications/:sourceId/:field')
  @RequiresPermission('pii:admin', "Confirm or override a column's classification: it wins over the sampler from now on (audited)")
  @ApiBody(CLASSIFICATION_BODY)
  @ApiResponse({ status: 200, type: ColumnClassificationResponse, description: 'The stored classification' })
  @ApiResponse({ status: 400, description: 'Every problem of the request, listed' })
  async classify(@Caller() caller: ApiKeyCaller, @Param() params: ColumnParams, @Body() body: unknown): Promise<unknown> {
    const change = { action: 'classification.decide', targetType: 'column', targetId: `${params.sourceId}/${params.field}` };
    const path = servicePath`/api/v1/pii/classifications/${params.sourceId}/${params.field}`;
    return (await this.changes.make(caller, change, () => this.services.piiDetection.call({ method: 'PUT', path, body, asAdmin: true }))).body;
  }

  @Get('policies')
  @ApiCursorPage({ description: 'the newest version of every protection policy, by policy id' })
  @RequiresPermission('pii:read', 'The newest version of every protection policy, by policy id ({items, nextCursor})')
  async policies(@Query() query: PoliciesQuery): Promise<unknown> {
    return (await this.services.piiDetection.call({ path: '/api/v1/policies' + queryString({ cursor: query.cursor, limit: query.limit, sort: query.sort }) })).body;
  }

  @Get('policies/:policyId/versions/:version')
  @RequiresPermission('pii:read', 'One version of a protection policy as it was stored, to compare versions')
  @ApiResponse({ status: 200, type: PolicyVersionResponse })
  @ApiResponse({ status: 404, description: 'No such policy or version' })
  async policyVersion(@Param() params: PolicyVersionParams): Promise<unknown> {
    return (await this.services.piiDetection.call({ path: servicePath`/api/v1/policies/${params.policyId}/versions/${String(params.version)}` })).body;
  }

  @Get('policies/:policyId')
  @RequiresPermission('pii:read', 'A protection policy: its latest version and the list of versions')
  @ApiResponse({ status: 200, type: PolicyResponse })
  @ApiResponse({ status: 404, description: 'No such policy' })
  async policy(@Param() params: PolicyParams): Promise<unknown> {
    return (await this.services.piiDetection.call({ path: servicePath`/api/v1/policies/${params.policyId}` })).body;
  }

  @Put('policies/:policyId')
  @RequiresPermission('pii:admin', 'Add the next version of a protection policy (audited)')
  @ApiBody(POLICY_BODY)
  @ApiResponse({ status: 201, type: PolicyVersionResponse, description: 'The new version' })
  @ApiResponse({ status: 400, description: 'Every problem of the body, listed' })
  @ApiResponse({ status: 409, description: 'The source is governed by another policy' })
  async putPolicy(@Caller() caller: ApiKeyCaller, @Param() params: PolicyParams, @Body() body: unknown, @Res({ passthrough: true }) response: RelayResponse): Promise<unknown> {
    const change = { action: 'policy.change', targetType: 'policy', targetId: params.policyId };
    const path = servicePath`/api/v1/policies/${params.policyId}`;
    return relay(response, await this.changes.make(caller, change, () => this.services.piiDetection.call({ method: 'PUT', path, body, asAdmin: true })));
  }

  @Post('pii/analyze')
  @HttpCode(200)
  @RequiresPermission('pii:analyze', "Presidio's /analyze: the PII in texts the caller sends (RecognizerResult lists, offsets in code points)")
  @ApiBody(ANALYZE_BODY)
  @ApiExtraModels(PresidioRecognizerResultResponse)
  @ApiResponse({ status: 200, description: 'The RecognizerResult list of the text; for a list of texts, one list per text', schema: RECOGNIZER_RESULTS })
  async analyze(@Body() body: unknown): Promise<unknown> {
    return (await this.services.piiDetection.call({ method: 'POST', path: '/analyze', body })).body;
  }

  @Post('pii/anonymize')
  @HttpCode(200)
  @RequiresPermission('pii:analyze', "Presidio's /anonymize; the keyed operators (hash, encrypt, tokenize) also need pii:admin and are audited")
  @ApiBody(ANONYMIZE_BODY)
  @ApiResponse({ status: 200, type: PresidioAnonymizeResponse, description: 'The text with each span replaced, and the replacements (offsets in the new text)' })
  async anonymize(@Caller() caller: ApiKeyCaller, @Body() body: unknown): Promise<unknown> {
    if (!usesKeyedOperator(body)) return (await this.services.piiDetection.call({ method: 'POST', path: '/anonymize', body })).body;
    // Before any work: the keyed operators would make this endpoint an oracle of the production keys.
    caller.require('pii:admin');
    const change = { action: 'pii.anonymize-keyed', targetType: 'text' };
    return (await this.changes.make(caller, change, () => this.services.piiDetection.call({ method: 'POST', path: '/anonymize', body, asAdmin: true }))).body;
  }

  @Get('pii/recognizers')
  @RequiresPermission('pii:analyze', 'Names of the recognizers serving a language')
  @ApiRelayedArray('Recognizer names', 'string')
  async recognizers(@Query() query: LanguageQuery): Promise<unknown> {
    return (await this.services.piiDetection.call({ path: '/recognizers' + queryString({ language: query.language }) })).body;
  }

  @Get('pii/supportedentities')
  @RequiresPermission('pii:analyze', 'Entity types detected in a language')
  @ApiRelayedArray('Entity types', 'string')
  async supportedEntities(@Query() query: LanguageQuery): Promise<unknown> {
    return (await this.services.piiDetection.call({ path: '/supportedentities' + queryString({ language: query.language }) })).body;
  }
}
