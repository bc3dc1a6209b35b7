import { Pool } from 'pg';
import { resetTestInfrastructure, serviceEnvironment, ServiceProcess, TEST_SERVICE_API_KEY, testDatabase, testLogDirectory, waitFor } from '@atlas/testing';
import { MisbehavingHttpApi } from './misbehaving-http-api';

interface Tick {
  tickAt: string;
  claimedBy: string;
  outcome: 'started' | 'overlap' | null;
  runId: string | null;
}

describe('connector: cron schedules start pull runs, once per tick across replicas, never overlapping', () => {
  const api = new MisbehavingHttpApi(180, { bearer: 'b', basic: { username: 'u', password: 'p' }, apiKey: 'k' });
  const environment = { ...serviceEnvironment(), CONNECTOR_SECRET_API_KEY: 'k', CONNECTOR_SCHEDULE_REFRESH_MS: '500' };
  // Two replicas over one database: both run the scheduler, each tick is claimed by one.
  const replicas = [4252, 4253].map((httpPort) => new ServiceProcess({ name: 'connector', httpPort, environment, logDirectory: testLogDirectory() }));
  let database: Pool;
  let baseUrl: string;

  async function call(replica: ServiceProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${replica.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_SERVICE_API_KEY}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    baseUrl = await api.start();
    // Each page takes 0.6 s: a run of three pages outlasts several ticks of a seconds schedule.
    api.delayMs = 600;
    for (const replica of replicas) replica.start();
    await Promise.all(replicas.map((replica) => replica.waitUntilReady()));
  }, 120000);

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await api.stop();
    await database?.end();
  });

  it('refuses a malformed schedule at creation, naming the problem', async () => {
    const config = { baseUrl: 'http://127.0.0.1:9', path: '/link', recordsPath: '$' };
    const refused = await call(replicas[0], 'POST', '/api/v1/sources', { sourceId: 'badly-scheduled', type: 'http-api', config, schedule: '*/5 * * *' });
    expect(refused).toMatchObject({
      status: 400,
      body: { message: 'schedule has 4 fields; expected a cron expression of 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, read in UTC, e.g. "0 * * * *"' },
    });
    const never = await call(replicas[0], 'POST', '/api/v1/sources', { sourceId: 'badly-scheduled', type: 'http-api', config, schedule: '0 0 31 2 *' });
    expect(never).toMatchObject({ status: 400, body: { message: 'schedule: the expression never fires (no date matches it)' } });
  });

  it('fires a seconds schedule, refuses the ticks that would overlap the active run, and starts the next run once it ended', async () => {
    const config = {
      baseUrl,
      path: '/link',
      recordsPath: '$',
      authentication: { type: 'api-key', in: 'query', name: 'api_key', keySecret: 'CONNECTOR_SECRET_API_KEY' },
      pagination: { type: 'link-header' },
    };
    // Created on the first replica; the second sees it at its next refresh (0.5 s).
    expect((await call(replicas[0], 'POST', '/api/v1/sources', { sourceId: 'every-second', type: 'http-api', config, schedule: '* * * * * *' })).status).toBe(201);
    const ticks = async () => ((await call(replicas[1], 'GET', '/api/v1/sources/every-second/schedule/ticks?limit=500')).body as { items: Tick[] }).items;
    await waitFor(async () => (await ticks()).filter((tick) => tick.outcome === 'started').length >= 2, { timeoutMs: 60000, intervalMs: 500, description: 'two scheduled runs' });
    await database.query("UPDATE connector.sources SET schedule = NULL WHERE source_id = 'every-second'");
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const claimed = await ticks();
    const started = claimed.filter((tick) => tick.outcome === 'started');
    const overlapping = claimed.filter((tick) => tick.outcome === 'overlap');
    expect(overlapping.length).toBeGreaterThanOrEqual(1);
    expect(claimed.every((tick) => tick.outcome !== null && new Date(tick.tickAt).getUTCMilliseconds() === 0)).toBe(true);
    // One claim per tick; two runs of the source were never active together.
    expect(new Set(claimed.map((tick) => tick.tickAt)).size).toBe(claimed.length);
    const runs = await database.query("SELECT run_id, state, started_at, ended_at FROM connector.runs WHERE source_id = 'every-second' ORDER BY created_at");
    expect(runs.rows.map((row) => row.run_id).sort()).toEqual(started.map((tick) => tick.runId).sort());
    await waitFor(async () => (await database.query("SELECT count(*) AS active FROM connector.runs WHERE source_id = 'every-second' AND state IN ('queued', 'running')")).rows[0].active === '0', {
      timeoutMs: 60000,
      intervalMs: 300,
      description: 'the last scheduled run to end',
    });
    const finished = await database.query("SELECT state, records_read, started_at, ended_at FROM connector.runs WHERE source_id = 'every-second' ORDER BY started_at");
    for (let index = 1; index < finished.rows.length; index++) expect(finished.rows[index].started_at.getTime()).toBeGreaterThanOrEqual(finished.rows[index - 1].ended_at.getTime());
    expect(finished.rows.every((row) => row.state === 'succeeded' && row.records_read === '180')).toBe(true);
    // Each overlapping tick fell while a run was active.
    for (const tick of overlapping) {
      const at = new Date(tick.tickAt).getTime();
      expect(finished.rows.some((row) => row.started_at.getTime() <= at + 1000 && at <= row.ended_at.getTime())).toBe(true);
    }
  }, 180000);
});
