import { Histogram } from 'prom-client';

/** HTTP RED metrics: rate and errors from the _count series by status code, duration from the buckets. */
export const httpRequestDurationSeconds = new Histogram({
  name: 'atlas_http_request_duration_seconds',
  help: 'HTTP requests served, by method, route pattern (never the raw path) and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Requests that matched no route (404s, scans) share one label, whatever their path. */
export const UNMATCHED_ROUTE = 'unmatched';

interface TimedRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown };
}
interface TimedResponse {
  statusCode: number;
  once(event: 'finish', listener: () => void): unknown;
}

/** The route pattern Express matched (e.g. /api/v1/sources/:sourceId/records), or UNMATCHED_ROUTE. */
export function routeLabel(request: TimedRequest): string {
  const path = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : UNMATCHED_ROUTE;
}

/** Express middleware timing every request until its response is finished. */
export function httpMetricsMiddleware(request: TimedRequest, response: TimedResponse, next: () => void): void {
  const stopTimer = httpRequestDurationSeconds.startTimer();
  response.once('finish', () => {
    const method = KNOWN_METHODS.has(request.method) ? request.method : 'OTHER';
    stopTimer({ method, route: routeLabel(request), status_code: String(response.statusCode) });
  });
  next();
}
