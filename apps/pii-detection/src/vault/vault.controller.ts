import { Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { presentedApiKey, Public } from '@atlas/auth';
import { DetokenizeRequest, DetokenizeResponse } from './dto/detokenize.dto';
import { TokenVault } from './token-vault';

interface RequestWithHeaders {
  headers: Record<string, string | string[] | undefined>;
}

@ApiTags('vault')
@Controller('api/v1/vault')
export class VaultController {
  constructor(private readonly vault: TokenVault) {}

  /**
   * Public to the global ApiKeyGuard on purpose: this endpoint accepts ONLY keys from
   * PII_DETOKENIZE_API_KEYS, checked (and audited) by the vault itself.
   */
  @Public()
  @Post('detokenize')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiHeader({ name: 'Authorization', description: 'Bearer <key from PII_DETOKENIZE_API_KEYS> (or X-API-Key)' })
  @ApiBody({ type: DetokenizeRequest })
  @ApiResponse({ status: 200, type: DetokenizeResponse })
  @ApiResponse({ status: 401, description: 'No key or an unknown key' })
  @ApiResponse({ status: 403, description: 'A normal Atlas key, without the detokenize permission' })
  detokenize(@Req() request: RequestWithHeaders, @Body() body: unknown): Promise<DetokenizeResponse> {
    const token = typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
    return this.vault.detokenize(token, { apiKey: presentedApiKey(request) || undefined });
  }
}
