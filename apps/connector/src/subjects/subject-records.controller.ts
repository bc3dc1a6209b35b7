import { Body, Controller, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { SUBJECT_RECORDS_ROUTES, SubjectRecordEraseRequest, SubjectRecordEraseResult, SubjectRecordSearchRequest, SubjectRecordSearchResult } from '@atlas/contracts';
import { SubjectRecordsService } from './subject-records.service';

/** Internal API of data-subject requests (the gateway calls it with its service credential). */
@ApiExcludeController()
@ApiBearerAuth()
@Controller()
export class SubjectRecordsController {
  constructor(private readonly subjects: SubjectRecordsService) {}

  @Post(SUBJECT_RECORDS_ROUTES.search)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  search(@Body() body: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult> {
    return this.subjects.search(body);
  }

  @Post(SUBJECT_RECORDS_ROUTES.erase)
  @HttpCode(200)
  erase(@Body() body: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult> {
    return this.subjects.erase(body);
  }
}
