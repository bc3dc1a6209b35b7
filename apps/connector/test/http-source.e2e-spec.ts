import { Pool } from 'pg';
import { resetTestInfrastructure, serviceEnvironment, ServiceProcess, TEST_SERVICE_API_KEY, testDatabase, testLogDirectory, waitFor } from '@atlas/testing';
import { MisbehavingHttpApi } from './misbehaving-http-api';

interface RunBody {
  runId: string;
  state: string;
  recordsRead: number;
  recordsPublished: number;
  recordsDeadLettered: number;
  checkpoint: { state: Record<string, unknown>; published: number } | null;
  error: string | null;
}

const credentials = { bearer: 'bearer-e2e-token', basic: { username: 'atlas', password: 'basic-e2e-password' }, apiKey: 'key-e2e-0123' };

describe('connector: HTTP API sources against a misbehaving server', () => {
  const api = new MisbehavingHttpApi(250, credentials);
  const environment = {
    ...serviceEnvironment(),
    CONNECTOR_SECRET_API_TOKEN: credentials.bearer,
    CONNECTOR_SECRET_API_PASSWORD: credentials.basic.password,
    CONNECTOR_SECRET_API_KEY: credentials.apiKey,
  };
  const connector = new ServiceProcess({ name: 'connector', httpPort: 4251, environment, logDirectory: testLogDirectory() });
  let baseUrl: string;
  let database: Pool;

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${connector.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_SERVICE_API_KEY}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  async function run(runId: string): Promise<RunBody> {
    return (await call('GET', `/api/v1/runs/${runId}`)).body as RunBody;
  }

  async function startRun(sourceId: string): Promise<string> {
    const started = await call('POST', `/api/v1/sources/${sourceId}/runs`);
    expect(started.status).toBe(202);
    return (started.body as RunBody).runId;
  }

  async function ended(runId: string): Promise<RunBody> {
    await waitFor(async () => !['queued', 'running'].includes((await run(runId)).state), { timeoutMs: 120000, intervalMs: 300, description: `run ${runId} to end` });
    return run(runId);
  }

  async function explored(sourceId: string): Promise<{ records: string; ids: string }> {
    const result = await database.query("SELECT count(*) AS records, count(DISTINCT payload->>'id') AS ids FROM connector.explore_records WHERE source_id = $1", [sourceId]);
    return result.rows[0];
  }

  const common = { baseUrl: '', timeoutSeconds: 1, requestsPerSecond: 50, retry: { maxAttempts: 4, initialDelayMs: 50, maxDelayMs: 5000 } };

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    baseUrl = await api.start();
    common.baseUrl = baseUrl;
    connector.start();
    await connector.waitUntilReady();
  }, 120000);

  afterAll(async () => {
    await connector.stop();
    await api.stop();
    await database?.end();
  });

  it('refuses a config breaking the spec or holding a credential in clear, naming the problem', async () => {
    const refused = await call('POST', '/api/v1/sources', { sourceId: 'bad-http', type: 'http-api', config: { ...common, path: '/x', recordsPath: 'data' } });
    expect(refused).toEqual({ status: 400, body: expect.objectContaining({ message: 'config: /recordsPath must match pattern "^\\$(\\.[A-Za-z0-9_-]{1,128}|\\[[0-9]{1,9}\\])*$"' }) });
    const inClear = await call('POST', '/api/v1/sources', { sourceId: 'bad-http', type: 'http-api', config: { ...common, path: '/x', recordsPath: '$', headers: { authorization: 'Bearer x' } } });
    expect(inClear.status).toBe(400);
  });

  it('reads every pagination style through 500s, 429s, 503s with an HTTP-date, timeouts, bad JSON and truncated pages: every record in Explore exactly once', async () => {
    api.plan('/page-number', '1', 'slow');
    api.plan('/page-number', '2', 'status-500');
    api.plan('/page-number', '3', 'status-429');
    api.plan('/page-number', '4', 'bad-json');
    api.plan('/page-number', '5', 'truncated');
    api.plan('/offset', '50', 'status-503-date');
    api.plan('/offset', '100', 'truncated');
    api.plan('/cursor', '80', 'bad-json');
    api.plan('/cursor', '120', 'status-429');
    api.plan('/link', '2', 'status-500');
    api.plan('/link', '3', 'bad-json');
    const sources = {
      'api-pages': {
        ...common,
        path: '/page-number',
        recordsPath: '$.data',
        authentication: { type: 'bearer', tokenSecret: 'CONNECTOR_SECRET_API_TOKEN' },
        pagination: { type: 'page-number', pageParameter: 'page', pageSizeParameter: 'per_page', pageSize: 50 },
        incremental: { cursorPath: '$.updated_at', cursorType: 'date', parameter: 'updated_since' },
      },
      'api-offsets': {
        ...common,
        path: '/offset',
        recordsPath: '$.results.rows',
        authentication: { type: 'basic', username: 'atlas', passwordSecret: 'CONNECTOR_SECRET_API_PASSWORD' },
        pagination: { type: 'offset', offsetParameter: 'offset', limitParameter: 'limit', limit: 50 },
      },
      'api-cursor': {
        ...common,
        path: '/cursor',
        recordsPath: '$.items',
        authentication: { type: 'api-key', in: 'header', name: 'X-Api-Key', keySecret: 'CONNECTOR_SECRET_API_KEY' },
        pagination: { type: 'cursor', nextCursorPath: '$.meta.next', cursorParameter: 'after' },
      },
      'api-links': {
        ...common,
        path: '/link',
        recordsPath: '$',
        authentication: { type: 'api-key', in: 'query', name: 'api_key', keySecret: 'CONNECTOR_SECRET_API_KEY' },
        pagination: { type: 'link-header' },
      },
    };
    for (const [sourceId, config] of Object.entries(sources)) {
      const created = await call('POST', '/api/v1/sources', { sourceId, type: 'http-api', config });
      expect(created.status).toBe(201);
    }
    const runIds = Object.fromEntries(await Promise.all(Object.keys(sources).map(async (sourceId) => [sourceId, await startRun(sourceId)] as const)));
    for (const [sourceId, runId] of Object.entries(runIds)) {
      const outcome = await ended(runId);
      expect({ sourceId, ...outcome }).toMatchObject({ sourceId, state: 'succeeded', recordsRead: 250, recordsPublished: 250, recordsDeadLettered: 0, error: null });
      expect(await explored(sourceId)).toEqual({ records: '250', ids: '250' });
    }
    // Every planned fault was met, and its page asked again.
    for (const page of ['/page-number?page=2&per_page=50', '/page-number?page=4&per_page=50', '/offset?offset=100&limit=50', '/cursor?after=80']) {
      expect(api.requests.filter((request) => request.endsWith(page) || request === page).length).toBe(2);
    }
    // Locations are page (cursor, offset, link) + index; the API key never reaches one.
    const locations = await database.query(
      "SELECT source_id, source_location FROM connector.explore_records WHERE (source_id, payload->>'id') IN (('api-pages', '51'), ('api-offsets', '101'), ('api-cursor', '82'), ('api-links', '125')) ORDER BY source_id",
    );
    expect(locations.rows).toEqual([
      { source_id: 'api-cursor', source_location: 'http:/cursor:cursor=80:1' },
      { source_id: 'api-links', source_location: 'http:/link:link=/link?page=3:4' },
      { source_id: 'api-offsets', source_location: 'http:/offset:offset=100:0' },
      { source_id: 'api-pages', source_location: 'http:/page-number:page=2:0' },
    ]);
    const first = await run(runIds['api-pages']);
    expect(first.checkpoint?.state).toEqual({ cursor: '2026-01-01T00:04:10.000Z' });

    // Incremental: the second run asks for what follows the greatest cursor and reads only the new rows.
    for (const name of ['new one', 'new two', 'new three']) api.add(name);
    const second = await ended(await startRun('api-pages'));
    expect(second).toMatchObject({ state: 'succeeded', recordsRead: 3, recordsPublished: 3, checkpoint: { state: { cursor: '2026-01-01T00:04:13.000Z' } } });
    expect(api.requests).toContain('/page-number?updated_since=2026-01-01T00%3A04%3A10.000Z&page=1&per_page=50');
    const newRows = await database.query("SELECT payload->>'name' AS name FROM connector.explore_records WHERE run_id = $1 ORDER BY position_index", [second.runId]);
    expect(newRows.rows.map((row) => row.name)).toEqual(['new one', 'new two', 'new three']);
    expect(await explored('api-pages')).toEqual({ records: '253', ids: '253' });
  }, 240000);

  it('fails a run on a page that stays malformed, naming it, after committing the pages before it', async () => {
    const config = { ...common, retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 1000 }, path: '/broken', recordsPath: '$.data', pagination: { type: 'page-number', pageParameter: 'page', pageSizeParameter: 'per_page', pageSize: 50 } };
    expect((await call('POST', '/api/v1/sources', { sourceId: 'api-broken', type: 'http-api', config })).status).toBe(201);
    const failed = await ended(await startRun('api-broken'));
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/^GET \/broken:page=2: gave up after 3 attempts \(last: the response is not valid JSON \(\d+ characters read\)\)$/);
    expect(failed.checkpoint).toMatchObject({ published: 50, state: { next: { page: 2 } } });
    expect(await explored('api-broken')).toEqual({ records: '50', ids: '50' });
  }, 120000);

  it('opens the circuit breaker after consecutive failures and fails the next run at once', async () => {
    const config = { ...common, path: '/down', recordsPath: '$', retry: { maxAttempts: 5, initialDelayMs: 10, maxDelayMs: 1000 }, circuitBreaker: { failureThreshold: 3, resetAfterSeconds: 600 } };
    expect((await call('POST', '/api/v1/sources', { sourceId: 'api-down', type: 'http-api', config })).status).toBe(201);
    const first = await ended(await startRun('api-down'));
    expect(first.state).toBe('failed');
    expect(first.error).toMatch(/^GET \/down:page=1: circuit breaker opened after 3 consecutive failed requests \(last: HTTP 500\); the source is tried again after \d{4}-\d\d-\d\dT/);
    const second = await ended(await startRun('api-down'));
    expect(second.error).toMatch(/^GET \/down:page=1: circuit breaker open after 3 consecutive failed requests; the source is tried again after /);
    expect(api.requests.filter((request) => request.startsWith('/down')).length).toBe(3);
  }, 120000);
});
