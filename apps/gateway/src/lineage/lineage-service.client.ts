import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { GatewayEnvironment } from '../gateway-environment';

export interface ForwardedAnswer {
  status: number;
  body: unknown;
}

const TIMEOUT_MS = 10000;

/** The lineage service's read API, reached over HTTP with the caller's own API key (apps share no code or tables). */
@Injectable()
export class LineageServiceClient {
  private readonly baseUrl: string;

  constructor(environment: GatewayEnvironment) {
    this.baseUrl = environment.LINEAGE_SERVICE_URL.replace(/\/+$/, '');
  }

  /** GETs `pathAndQuery` (starting with /api/v1/) and passes its status and JSON body on. */
  async get(pathAndQuery: string, apiKey: string): Promise<ForwardedAnswer> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', code: 'lineage_unavailable', message: 'The lineage service cannot be reached' });
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      throw new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', code: 'lineage_unavailable', message: 'The lineage service gave an answer that is not JSON' });
    }
    return { status: response.status, body };
  }
}
