import { Injectable } from '@nestjs/common';
import {
  ProtectCorrectionsRequest,
  ProtectCorrectionsResult,
  ShredTokensResult,
  SUBJECT_RECORDS_ROUTES,
  SubjectMatchKeysResult,
  SubjectRecordEraseRequest,
  SubjectRecordEraseResult,
  SubjectRecordRectifyRequest,
  SubjectRecordRectifyResult,
  SubjectRecordSearchRequest,
  SubjectRecordSearchResult,
  SUBJECT_RECTIFICATION_ROUTES,
} from '@atlas/contracts';
import { GatewayEnvironment } from '../gateway-environment';
import { CallTimeout, InternalServiceClient } from '../internal-services/internal-service-client';
import { InternalServices } from '../internal-services/internal-services';

/** The services holding a subject's records. */
export type SubjectRecordService = 'connector' | 'quality';

/**
 * The internal routes of data-subject requests, typed by their contracts and called through the
 * gateway's one client of each service (trace context, bounded answers, errors mapped in
 * upstream-errors.ts) with the subject credential: the first key of ATLAS_SUBJECT_API_KEYS, which
 * grants subjects:manage there (empty: 503 dependency_not_configured, before any call). Searches
 * scan whole tables, so every call waits up to SUBJECT_SERVICE_TIMEOUT_MS. Bodies may hold an identifier: they are never logged.
 */
@Injectable()
export class SubjectServices {
  private readonly timeout: CallTimeout;

  constructor(
    private readonly services: InternalServices,
    environment: GatewayEnvironment,
  ) {
    this.timeout = { ms: environment.SUBJECT_SERVICE_TIMEOUT_MS, variable: 'SUBJECT_SERVICE_TIMEOUT_MS' };
  }

  matchKeys(values: string[]): Promise<SubjectMatchKeysResult> {
    return this.post(this.services.piiDetection, SUBJECT_RECORDS_ROUTES.matchKeys, { values });
  }

  shredTokens(tokens: string[]): Promise<ShredTokensResult> {
    return this.post(this.services.piiDetection, SUBJECT_RECORDS_ROUTES.shredTokens, { tokens });
  }

  searchRecords(service: SubjectRecordService, request: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult> {
    return this.post(this.services[service], SUBJECT_RECORDS_ROUTES.search, request);
  }

  eraseRecords(service: SubjectRecordService, request: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult> {
    return this.post(this.services[service], SUBJECT_RECORDS_ROUTES.erase, request);
  }

  /** Answers raw new values: the answer is used in memory and never logged. */
  protectCorrections(request: ProtectCorrectionsRequest): Promise<ProtectCorrectionsResult> {
    return this.post(this.services.piiDetection, SUBJECT_RECTIFICATION_ROUTES.protectCorrections, request);
  }

  rectifyRecords(service: SubjectRecordService, request: SubjectRecordRectifyRequest): Promise<SubjectRecordRectifyResult> {
    return this.post(this.services[service], SUBJECT_RECTIFICATION_ROUTES.rectify, request);
  }

  private async post<T>(client: InternalServiceClient, route: string, body: object): Promise<T> {
    const answer = await client.call({ method: 'POST', path: `/${route}`, body, timeout: this.timeout, asSubjectService: true });
    return answer.body as T;
  }
}
