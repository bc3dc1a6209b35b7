import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller, RequirePermission } from '@atlas/auth';
import { RewrapRequestBody, RewrapResponse, VaultKeyStatusResponse } from './dto/vault-keys.dto';
import { VaultKeyRewrap } from './vault-key-rewrap';

/** Vault key rotation (pii:admin): what each ring key seals, and the re-wrap under the primary. */
@ApiTags('vault')
@ApiBearerAuth()
@Controller('api/v1/vault/keys')
export class VaultKeysController {
  constructor(private readonly rewrap: VaultKeyRewrap) {}

  @Get()
  @RequirePermission('pii:admin')
  @ApiResponse({ status: 200, type: VaultKeyStatusResponse })
  status(): Promise<VaultKeyStatusResponse> {
    return this.rewrap.status();
  }

  /** Re-wraps up to maxBatches batches; audited in pii_detection.vault_rewrap_audit. Call again until `done`. */
  @Post('rewrap')
  @RequirePermission('pii:admin')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: RewrapResponse })
  @ApiResponse({ status: 403, description: 'A valid key without pii:admin' })
  rewrapUnderPrimary(@Body() body: RewrapRequestBody, @Caller() caller: ApiKeyCaller): Promise<RewrapResponse> {
    return this.rewrap.rewrap({ batchSize: body.batchSize ?? 500, maxBatches: body.maxBatches ?? 20 }, caller.keyFingerprint);
  }
}
