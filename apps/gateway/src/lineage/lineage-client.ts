import { HttpException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { GatewayEnvironment } from '../gateway-environment';
import { LineageEventsResponse } from './lineage-query.dto';

/** How long the gateway waits for the lineage service. */
export const LINEAGE_TIMEOUT_MS = 10_000;

const unavailable = () =>
  new ServiceUnavailableException({ statusCode: 503, error: 'Service Unavailable', code: 'dependency_unavailable', message: 'The lineage service is unavailable; retry later' });

/**
 * The lineage service's internal API: the only code of the gateway that calls it. It authenticates
 * with the gateway's service credential (the first key of ATLAS_API_KEYS), never the caller's.
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
    const url = `${this.origin}/api/v1/lineage/runs/${encodeURIComponent(runId)}/events?limit=${limit}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${this.serviceCredential}`, accept: 'application/json' }, signal: AbortSignal.timeout(LINEAGE_TIMEOUT_MS) });
    } catch {
      throw unavailable();
    }
    if (response.ok) return (await response.json()) as LineageEventsResponse;
    // The request was validated here with the same bounds, so any refusal is the service's fault (or
    // a credential mismatch between the two): the caller can do nothing about it.
    await response.body?.cancel();
    if (response.status >= 500) throw unavailable();
    throw new HttpException({ statusCode: 502, error: 'Bad Gateway', code: 'upstream_refused', message: `The lineage service refused the gateway's request (${response.status})` }, 502);
  }
}
