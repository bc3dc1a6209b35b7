import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { GatewayEnvironment } from '../gateway-environment';
import { LineageEventsResponse } from './lineage-query.dto';

/** How long the gateway waits for the lineage service. */
export const LINEAGE_TIMEOUT_MS = 10_000;

/** An answer of the lineage service passed on to the caller: its status and JSON body. */
export interface ForwardedAnswer {
  status: number;
  body: unknown;
}

const unavailable = () =>
  new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', code: 'dependency_unavailable', message: 'The lineage service is unavailable; retry later' });

const refused = (status: number) =>
  new HttpException({ statusCode: 502, error: 'Bad Gateway', code: 'upstream_refused', message: `The lineage service refused the gateway's request (${status})` }, 502);

/**
 * The lineage service's internal API: the only code of the gateway that calls it. It authenticates
 * with the gateway's service credential (the first key of ATLAS_API_KEYS), never the caller's: the
 * caller was authorised here, and the lineage service knows nothing of users.
 */
@Injectable()
export class LineageClient {
  private readonly origin: string;
  private readonly serviceCredential: string;

  constructor(environment: GatewayEnvironment) {
    this.origin = environment.LINEAGE_URL;
    this.serviceCredential = environment.ATLAS_API_KEYS[0];
  }

  async eventsOfRun(runId: string, limit: number): Promise<LineageEventsResponse> {
    const response = await this.fetch(`/api/v1/lineage/runs/${encodeURIComponent(runId)}/events?limit=${limit}`);
    if (response.ok) return (await response.json()) as LineageEventsResponse;
    // The request was validated here with the same bounds, so any refusal is the service's fault (or
    // a credential mismatch between the two): the caller can do nothing about it.
    await response.body?.cancel();
    if (response.status >= 500) throw unavailable();
    throw refused(response.status);
  }

  /**
   * GETs `pathAndQuery` (a graph or listing read, validated by the lineage service) and passes its
   * status and body on: a 400 or 404 there is the caller's. A refused credential is the gateway's.
   */
  async forward(pathAndQuery: string): Promise<ForwardedAnswer> {
    const response = await this.fetch(pathAndQuery);
    if (response.status >= 500) {
      await response.body?.cancel();
      throw unavailable();
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw refused(response.status);
    }
    const text = await response.text();
    try {
      return { status: response.status, body: text.length > 0 ? JSON.parse(text) : null };
    } catch {
      throw unavailable();
    }
  }

  private async fetch(pathAndQuery: string): Promise<Response> {
    try {
      return await fetch(`${this.origin}${pathAndQuery}`, {
        headers: { authorization: `Bearer ${this.serviceCredential}`, accept: 'application/json' },
        signal: AbortSignal.timeout(LINEAGE_TIMEOUT_MS),
      });
    } catch {
      throw unavailable();
    }
  }
}
