import { isClientRoute, isServerPath } from './dashboard-paths';

describe('dashboard paths', () => {
  it('leaves the API, probes, metrics and docs to the server', () => {
    expect(['/api', '/api/v1/sources', '/api/docs', '/health', '/health/ready', '/metrics', '/docs', '/docs/x'].map(isServerPath)).toEqual([true, true, true, true, true, true, true, true]);
    expect(['/', '/apis', '/healthy', '/sources', '/metrics-board', '/assets/index-abc.js'].map(isServerPath)).toEqual([false, false, false, false, false, false]);
  });

  it('falls back to index.html for client routes only, never for files or server paths', () => {
    expect(['/', '/overview', '/sources/orders', '/lineage'].map(isClientRoute)).toEqual([true, true, true, true]);
    expect(['/assets/missing.js', '/favicon.ico', '/api/v1/unknown', '/health', '/docs'].map(isClientRoute)).toEqual([false, false, false, false, false]);
  });
});
