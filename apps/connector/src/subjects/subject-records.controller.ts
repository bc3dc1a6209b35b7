import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import { SUBJECT_RECORDS_ROUTES, SubjectRecordEraseRequest, SubjectRecordEraseResult, SubjectRecordSearchRequest, SubjectRecordSearchResult } from '@atlas/contracts';
import { SubjectRecordsService } from './subject-records.service';

/**
 * Internal API of data-subject requests. Every route needs subjects:manage, granted only by the keys of
 * ATLAS_SUBJECT_API_KEYS (the gateway calls with the first): an ordinary ATLAS_API_KEYS key gets 403.
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller()
export class SubjectRecordsController {
  constructor(private readonly subjects: SubjectRecordsService) {}

  @Post(SUBJECT_RECORDS_ROUTES.search)
  @HttpCode(200)
  @RequirePermission('subjects:manage')
  @Header('Cache-Control', 'no-store')
  search(@Body() body: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult> {
    return this.subjects.search(body);
  }

  @Post(SUBJECT_RECORDS_ROUTES.erase)
  @HttpCode(200)
  @RequirePermission('subjects:manage')
  erase(@Body() body: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult> {
    return this.subjects.erase(body);
  }
}
