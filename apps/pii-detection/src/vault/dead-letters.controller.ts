import { Body, Controller, Header, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKeyCaller, Caller, RequirePermission } from '@atlas/auth';
import { DeadLetterUnsealing } from './dead-letter-unsealing';
import { UnsealRequest, UnsealResponse } from './dto/unseal.dto';
import { UnsealRefusalFilter } from './reveal-refusal.filter';

@ApiTags('dead letters')
@ApiBearerAuth()
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly unsealing: DeadLetterUnsealing) {}

  /** The original bytes of a dead letter read from atlas.dead-letter.v1. Needs pii:reveal; every request of a known key is audited. */
  @Post('unseal')
  @RequirePermission('pii:reveal')
  @UseFilters(UnsealRefusalFilter)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ type: UnsealRequest })
  @ApiResponse({ status: 200, type: UnsealResponse })
  @ApiResponse({ status: 400, description: 'Not { source, sealedOriginalValue } (audited)' })
  @ApiResponse({ status: 401, description: 'No key or an unknown key (not audited)' })
  @ApiResponse({ status: 403, description: 'A valid key without pii:reveal (audited)' })
  @ApiResponse({ status: 422, description: 'Sealed to another key, altered, or another source position (audited)' })
  unseal(@Body() body: unknown, @Caller() caller: ApiKeyCaller): Promise<UnsealResponse> {
    return this.unsealing.unseal(body, caller.keyFingerprint);
  }
}
