import { Body, Controller, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import { RequirePermission } from '@atlas/auth';
import {
  SUBJECT_RECORDS_ROUTES,
  SUBJECT_RECTIFICATION_ROUTES,
  SubjectRecordEraseRequest,
  SubjectRecordEraseResult,
  SubjectRecordRectifyRequest,
  SubjectRecordRectifyResult,
  SubjectRecordSearchRequest,
  SubjectRecordSearchResult,
} from '@atlas/contracts';

/** What a service holding a subject's records answers (connector: Explore and Navigate; quality: quarantine). */
export interface SubjectRecordStore {
  search(request: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult>;
  erase(request: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult>;
  rectify(request: SubjectRecordRectifyRequest): Promise<SubjectRecordRectifyResult>;
}

/** The service's store, provided by its subjects module (`{ provide: SUBJECT_RECORD_STORE, useExisting: … }`). */
export const SUBJECT_RECORD_STORE = Symbol('atlas:subjectRecordStore');

/**
 * Internal API of data-subject requests, the same on every service holding a subject's records.
 * Every route needs subjects:manage, granted only by the keys of ATLAS_SUBJECT_API_KEYS (the gateway
 * calls with the first): an ordinary ATLAS_SERVICE_API_KEYS key gets 403, a client's credential 401.
 */
@ApiExcludeController()
@ApiBearerAuth()
@Controller()
export class SubjectRecordsController {
  constructor(@Inject(SUBJECT_RECORD_STORE) private readonly store: SubjectRecordStore) {}

  @Post(SUBJECT_RECORDS_ROUTES.search)
  @HttpCode(200)
  @RequirePermission('subjects:manage')
  @Header('Cache-Control', 'no-store')
  search(@Body() body: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult> {
    return this.store.search(body);
  }

  @Post(SUBJECT_RECORDS_ROUTES.erase)
  @HttpCode(200)
  @RequirePermission('subjects:manage')
  erase(@Body() body: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult> {
    return this.store.erase(body);
  }

  /** The body holds new values (personal data): never logged, never part of an error. */
  @Post(SUBJECT_RECTIFICATION_ROUTES.rectify)
  @HttpCode(200)
  @RequirePermission('subjects:manage')
  rectify(@Body() body: SubjectRecordRectifyRequest): Promise<SubjectRecordRectifyResult> {
    return this.store.rectify(body);
  }
}
