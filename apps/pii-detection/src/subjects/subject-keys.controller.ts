import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import {
  ProtectCorrectionsRequest,
  ProtectCorrectionsResult,
  ShredTokensRequest,
  ShredTokensResult,
  SUBJECT_RECORDS_ROUTES,
  SUBJECT_RECTIFICATION_ROUTES,
  SubjectMatchKeysRequest,
  SubjectMatchKeysResult,
} from '@atlas/contracts';
import { SubjectCorrectionsService } from './subject-corrections.service';
import { SubjectKeysService } from './subject-keys.service';

/**
 * Internal API of data-subject requests. Every route needs subjects:manage, granted only by the keys of
 * ATLAS_SUBJECT_API_KEYS (the gateway calls with the first): an ordinary ATLAS_SERVICE_API_KEYS key gets 403.
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller()
export class SubjectKeysController {
  constructor(
    private readonly subjects: SubjectKeysService,
    private readonly corrections: SubjectCorrectionsService,
  ) {}

  @Post(SUBJECT_RECORDS_ROUTES.matchKeys)
  @HttpCode(200)
  @RequirePermission('subjects:manage')
  @Header('Cache-Control', 'no-store')
  matchKeys(@Body() body: SubjectMatchKeysRequest): Promise<SubjectMatchKeysResult> {
    return this.subjects.matchKeys(body.values);
  }

  @Post(SUBJECT_RECORDS_ROUTES.shredTokens)
  @HttpCode(200)
  @RequirePermission('subjects:manage')
  async shredTokens(@Body() body: ShredTokensRequest): Promise<ShredTokensResult> {
    return { shredded: await this.subjects.shred(body.tokens) };
  }

  /** Answers the new values of a rectification and their protected forms: raw personal data, never cached. */
  @Post(SUBJECT_RECTIFICATION_ROUTES.protectCorrections)
  @HttpCode(200)
  @RequirePermission('subjects:manage')
  @Header('Cache-Control', 'no-store')
  protectCorrections(@Body() body: ProtectCorrectionsRequest): Promise<ProtectCorrectionsResult> {
    return this.corrections.protect(body);
  }
}
