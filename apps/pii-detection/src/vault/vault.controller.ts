import { Body, Controller, Header, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller, RequirePermission } from '@atlas/auth';
import { DetokenizeRequest, DetokenizeResponse } from './dto/detokenize.dto';
import { DetokenizeRefusalFilter } from './reveal-refusal.filter';
import { tokenOf, TokenVault } from './token-vault';

@ApiTags('vault')
@ApiBearerAuth()
@Controller('api/v1/vault')
export class VaultController {
  constructor(private readonly vault: TokenVault) {}

  /** Needs pii:reveal (a key from PII_DETOKENIZE_API_KEYS); every request of a known key is audited. */
  @Post('detokenize')
  @RequirePermission('pii:reveal')
  @UseFilters(DetokenizeRefusalFilter)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ type: DetokenizeRequest })
  @ApiResponse({ status: 200, type: DetokenizeResponse })
  @ApiResponse({ status: 401, description: 'No key or an unknown key (not audited)' })
  @ApiResponse({ status: 403, description: 'A valid key without pii:reveal (audited)' })
  detokenize(@Body() body: unknown, @Caller() caller: ApiKeyCaller): Promise<DetokenizeResponse> {
    return this.vault.detokenize(tokenOf(body), caller.keyFingerprint);
  }
}
