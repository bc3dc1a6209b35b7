import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiCursorPage, CursorPage, DeadLetterParams, DeadLetterResponse, DeadLettersQuery } from '@atlas/platform';
import { DeadLettersService } from './dead-letters.service';

/** Internal: the gateway serves these as /api/v1/dead-letters (with its unseal). */
@ApiTags('dead letters')
@ApiBearerAuth()
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiCursorPage({ description: 'dead letters (reason, service, source position; never a value)' })
  list(@Query() query: DeadLettersQuery): Promise<CursorPage<DeadLetterResponse>> {
    return this.deadLetters.list(query);
  }

  @Get(':deadLetterId')
  @ApiResponse({ status: 200, type: DeadLetterResponse })
  @ApiResponse({ status: 404, description: 'No such dead letter' })
  find(@Param() params: DeadLetterParams): Promise<DeadLetterResponse> {
    return this.deadLetters.find(params.deadLetterId);
  }

  /** The sealed value and its position, for the gateway's audited unseal (pii-detection opens it). */
  @Get(':deadLetterId/sealed')
  @ApiResponse({ status: 404, description: 'No such dead letter, or it kept no original value' })
  sealed(@Param() params: DeadLetterParams): Promise<unknown> {
    return this.deadLetters.sealed(params.deadLetterId);
  }
}
