import { BadGatewayException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import {
  ShredTokensResult,
  SUBJECT_RECORDS_ROUTES,
  SubjectMatchKeysResult,
  SubjectRecordEraseRequest,
  SubjectRecordEraseResult,
  SubjectRecordSearchRequest,
  SubjectRecordSearchResult,
} from '@atlas/contracts';
import { GatewayEnvironment } from '../gateway-environment';

/** How long the gateway waits for one internal call. */
export const INTERNAL_CALL_TIMEOUT_MS = 30_000;

export type InternalService = 'connector' | 'quality' | 'pii-detection';

/**
 * The services' internal APIs of data-subject requests: the only code of the gateway that calls
 * them. Like the LineageClient, it authenticates with the gateway's service credential (the first
 * key of ATLAS_API_KEYS), never the caller's. Bodies may hold an identifier: they are never logged.
 */
@Injectable()
export class InternalServicesClient {
  private readonly origins: Record<InternalService, string>;
  private readonly serviceCredential: string;

  constructor(environment: GatewayEnvironment) {
    this.origins = { connector: environment.CONNECTOR_URL, quality: environment.QUALITY_URL, 'pii-detection': environment.PII_DETECTION_URL };
    this.serviceCredential = environment.ATLAS_API_KEYS[0];
  }

  matchKeys(values: string[]): Promise<SubjectMatchKeysResult> {
    return this.post('pii-detection', SUBJECT_RECORDS_ROUTES.matchKeys, { values });
  }

  shredTokens(tokens: string[]): Promise<ShredTokensResult> {
    return this.post('pii-detection', SUBJECT_RECORDS_ROUTES.shredTokens, { tokens });
  }

  searchRecords(service: 'connector' | 'quality', request: SubjectRecordSearchRequest): Promise<SubjectRecordSearchResult> {
    return this.post(service, SUBJECT_RECORDS_ROUTES.search, request);
  }

  eraseRecords(service: 'connector' | 'quality', request: SubjectRecordEraseRequest): Promise<SubjectRecordEraseResult> {
    return this.post(service, SUBJECT_RECORDS_ROUTES.erase, request);
  }

  private async post<T>(service: InternalService, route: string, body: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.origins[service]}/${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.serviceCredential}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(INTERNAL_CALL_TIMEOUT_MS),
      });
    } catch {
      throw unavailable(service);
    }
    if (response.ok) return (await response.json()) as T;
    await response.body?.cancel();
    if (response.status >= 500) throw unavailable(service);
    // The gateway built the request: a refusal is a credential mismatch or a bug, never the caller's fault.
    throw new BadGatewayException({ statusCode: 502, error: 'Bad Gateway', code: 'upstream_refused', message: `The ${service} service refused the gateway's request (${response.status})` });
  }
}

function unavailable(service: InternalService): ServiceUnavailableException {
  return new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', code: 'dependency_unavailable', message: `The ${service} service is unavailable; retry later` });
}
