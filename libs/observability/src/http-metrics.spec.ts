import { EventEmitter } from 'node:events';
import { httpMetricsMiddleware, httpRequestDurationSeconds, routeLabel, UNMATCHED_ROUTE } from './http-metrics';

function serve(request: { method: string; baseUrl?: string; route?: { path?: unknown } }, statusCode: number): void {
  const response = Object.assign(new EventEmitter(), { statusCode });
  const next = jest.fn();
  httpMetricsMiddleware(request, response, next);
  expect(next).toHaveBeenCalledTimes(1);
  response.emit('finish');
}

describe('HTTP metrics', () => {
  beforeEach(() => httpRequestDurationSeconds.reset());

  it('labels a request with the route pattern Express matched, never the raw path', () => {
    expect(routeLabel({ method: 'POST', baseUrl: '', route: { path: '/api/v1/sources/:sourceId/records' } })).toBe('/api/v1/sources/:sourceId/records');
    expect(routeLabel({ method: 'GET' })).toBe(UNMATCHED_ROUTE);
  });

  it('counts each finished request once by method, route and status code', async () => {
    serve({ method: 'POST', route: { path: '/api/v1/sources/:sourceId/records' } }, 202);
    serve({ method: 'POST', route: { path: '/api/v1/sources/:sourceId/records' } }, 401);
    serve({ method: 'PROPFIND' }, 404);
    const counts = (await httpRequestDurationSeconds.get()).values.filter((value) => value.metricName === 'atlas_http_request_duration_seconds_count');
    expect(counts.map(({ labels, value }) => ({ labels, value }))).toEqual([
      { labels: { method: 'POST', route: '/api/v1/sources/:sourceId/records', status_code: '202' }, value: 1 },
      { labels: { method: 'POST', route: '/api/v1/sources/:sourceId/records', status_code: '401' }, value: 1 },
      { labels: { method: 'OTHER', route: UNMATCHED_ROUTE, status_code: '404' }, value: 1 },
    ]);
  });
});
