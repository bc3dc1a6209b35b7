import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { usesKeyedOperator } from '@atlas/contracts';
import { PresidioAnonymizeResponse, PresidioRecognizerResult, PresidioService } from './presidio.service';

/**
 * Presidio-compatible API: the analyzer's and the anonymizer's REST endpoints on one service.
 * Like every Atlas endpoint it needs an API key; Presidio clients add a header to their requests:
 * `Authorization: Bearer <key>` or `X-API-Key: <key>` (a key from ATLAS_API_KEYS). /anonymize with
 * hash, encrypt or tokenize also needs pii:admin (a key from PII_ADMIN_API_KEYS).
 */
@ApiTags('presidio')
@ApiBearerAuth()
@Controller()
export class PresidioController {
  constructor(private readonly presidio: PresidioService) {}

  @Post('analyze')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['text', 'language'],
      properties: {
        text: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], description: 'A text, or a list of texts (batch: a list of result lists)' },
        language: { type: 'string', example: 'en' },
        entities: { type: 'array', items: { type: 'string' } },
        correlation_id: { type: 'string' },
        score_threshold: { type: 'number', minimum: 0, maximum: 1 },
        return_decision_process: { type: 'boolean' },
        context: { type: 'array', items: { type: 'string' } },
        allow_list: { type: 'array', items: { type: 'string' } },
      },
    },
  })
  @ApiResponse({ status: 200, description: 'Presidio RecognizerResult list (offsets in code points)' })
  @ApiResponse({ status: 400, description: '{ error } naming what is wrong' })
  analyze(@Body() body: unknown): PresidioRecognizerResult[] | PresidioRecognizerResult[][] {
    return this.presidio.analyze(body);
  }

  @Post('anonymize')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['text', 'analyzer_results'],
      properties: {
        text: { type: 'string' },
        anonymizers: { type: 'object', additionalProperties: { type: 'object', properties: { type: { type: 'string', enum: ['replace', 'redact', 'mask', 'hash', 'encrypt', 'keep', 'tokenize'] } } } },
        analyzer_results: { type: 'array', items: { type: 'object', properties: { start: { type: 'integer' }, end: { type: 'integer' }, score: { type: 'number' }, entity_type: { type: 'string' } } } },
      },
    },
  })
  @ApiResponse({ status: 200, description: '{ text, items: [{ start, end, entity_type, text, operator }] } with offsets in the new text' })
  @ApiResponse({ status: 403, description: 'hash, encrypt or tokenize asked for with a key without pii:admin (PII_ADMIN_API_KEYS)' })
  anonymize(@Body() body: unknown, @Caller() caller: ApiKeyCaller): Promise<PresidioAnonymizeResponse> {
    // Before any work: the keyed operators would make this endpoint an oracle of the production keys.
    if (usesKeyedOperator(body)) caller.require('pii:admin');
    return this.presidio.anonymize(body);
  }

  @Get('recognizers')
  @ApiQuery({ name: 'language', required: false, example: 'en' })
  recognizers(@Query('language') language?: string): string[] {
    return this.presidio.recognizerNames(language);
  }

  @Get('supportedentities')
  @ApiQuery({ name: 'language', required: false, example: 'en' })
  supportedEntities(@Query('language') language?: string): string[] {
    return this.presidio.supportedEntities(language);
  }
}
