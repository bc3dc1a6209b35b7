import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { ShredTokensRequest, ShredTokensResult, SUBJECT_RECORDS_ROUTES, SubjectMatchKeysRequest, SubjectMatchKeysResult } from '@atlas/contracts';
import { SubjectKeysService } from './subject-keys.service';

/** Internal API of data-subject requests (the gateway calls it with its service credential). */
@ApiExcludeController()
@ApiBearerAuth()
@Controller()
export class SubjectKeysController {
  constructor(private readonly subjects: SubjectKeysService) {}

  @Post(SUBJECT_RECORDS_ROUTES.matchKeys)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  matchKeys(@Body() body: SubjectMatchKeysRequest): Promise<SubjectMatchKeysResult> {
    return this.subjects.matchKeys(body.values);
  }

  @Post(SUBJECT_RECORDS_ROUTES.shredTokens)
  @HttpCode(200)
  async shredTokens(@Body() body: ShredTokensRequest): Promise<ShredTokensResult> {
    return { shredded: await this.subjects.shred(body.tokens) };
  }
}
