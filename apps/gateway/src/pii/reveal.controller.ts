import { Body, Controller, Header, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller } from '@atlas/auth';
import { ProblemDetails, RequiresPermission } from '../identity/endpoint-permission';
import { AuditedChanges } from '../internal-services/audited-changes';
import { InternalServices } from '../internal-services/internal-services';
import { REVEAL_ACTION, RevealRefusalAuditFilter } from './reveal-refusal-audit.filter';
import { RevealBody, RevealedValue } from './reveal.dto';

/**
 * Revealing a tokenized value: pii-detection's vault detokenize under the permission model. Needs
 * pii:reveal (a user's or key's own grant, never a role) and a reason; every attempt, granted or
 * refused, is in the audit log with who, which token, when and why. The value is only ever in the
 * answer (no-store): never in an error, a log or the audit log.
 */
@ApiTags('pii')
@ProblemDetails()
@Controller('api/v1')
export class RevealController {
  constructor(
    private readonly services: InternalServices,
    private readonly changes: AuditedChanges,
  ) {}

  @Post('pii/detokenize')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @UseFilters(RevealRefusalAuditFilter)
  @RequiresPermission('pii:reveal', 'Reveal the value behind a vault token, saying why (audited: who, which token, when, why)')
  @ApiResponse({ status: 200, type: RevealedValue })
  @ApiResponse({ status: 400, description: 'Not a vault token, or no reason (10-500 characters)' })
  @ApiResponse({ status: 404, description: 'No such token in the vault' })
  @ApiResponse({ status: 410, description: 'The token was crypto-shredded (erased)' })
  @ApiResponse({ status: 503, description: 'The gateway has no reveal credential (PII_DETOKENIZE_API_KEYS is empty) or pii-detection is unavailable' })
  async reveal(@Caller() caller: ApiKeyCaller, @Body() body: RevealBody): Promise<unknown> {
    const change = { action: REVEAL_ACTION, targetType: 'vault-token', targetId: body.token, details: { reason: body.reason.trim() } };
    const call = () => this.services.piiDetection.call({ method: 'POST', path: '/api/v1/vault/detokenize', body: { token: body.token }, asRevealer: true });
    return (await this.changes.make(caller, change, call)).body;
  }
}
