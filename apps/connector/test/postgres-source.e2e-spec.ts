import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { resetTestInfrastructure, serviceEnvironment, ServiceProcess, TEST_SERVICE_API_KEY, testDatabase, testInfrastructure, testLogDirectory, waitFor } from '@atlas/testing';

interface RunBody {
  runId: string;
  state: string;
  recordsRead: number;
  recordsPublished: number;
  recordsDeadLettered: number;
  checkpoint: { state: Record<string, unknown>; published: number } | null;
}

describe('connector: PostgreSQL tables read incrementally, and runs that survive a killed connector', () => {
  const directory = mkdtempSync(join(tmpdir(), 'atlas-restart-'));
  const environment = { ...serviceEnvironment(), CONNECTOR_FILE_DIRECTORY: directory, CONNECTOR_SECRET_SOURCE_DB: testInfrastructure().databaseUrl };
  const connector = new ServiceProcess({ name: 'connector', httpPort: 4231, environment, logDirectory: testLogDirectory() });
  let database: Pool;

  async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${connector.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_SERVICE_API_KEY}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  async function run(runId: string): Promise<RunBody> {
    return (await api('GET', `/api/v1/runs/${runId}`)).body as RunBody;
  }

  async function runToEnd(sourceId: string): Promise<RunBody> {
    const started = await api('POST', `/api/v1/sources/${sourceId}/runs`);
    expect(started.status).toBe(202);
    const { runId } = started.body as RunBody;
    await waitFor(async () => !['queued', 'running'].includes((await run(runId)).state), { timeoutMs: 120000, intervalMs: 300, description: `run of ${sourceId} to end` });
    return run(runId);
  }

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    await database.query('DROP TABLE IF EXISTS public.crm_customers');
    await database.query('CREATE TABLE public.crm_customers (id integer PRIMARY KEY, name text NOT NULL, score numeric, updated_at timestamptz NOT NULL)');
    // 2,500 rows, four per microsecond-precise timestamp: ties are ordered by id, precision must survive the keyset.
    await database.query(
      `INSERT INTO public.crm_customers
       SELECT n, 'customer ' || n, n / 4.0, timestamptz '2026-01-01 00:00:00.000001+00' + (n / 4) * interval '1 microsecond'
       FROM generate_series(1, 2500) AS n`,
    );
    connector.start();
    await connector.waitUntilReady();
  }, 120000);

  afterAll(async () => {
    await connector.stop();
    await database?.query('DROP TABLE IF EXISTS public.crm_customers').catch(() => undefined);
    await database?.end();
    rmSync(directory, { recursive: true, force: true });
  });

  it('reads a table by pages of its keyset, then only the rows added or updated since', async () => {
    const config = { connectionSecret: 'CONNECTOR_SECRET_SOURCE_DB', schema: 'public', table: 'crm_customers', cursorColumn: 'updated_at', keyColumn: 'id', pageSize: 1000 };
    expect((await api('POST', '/api/v1/sources', { sourceId: 'crm', type: 'postgres-table', config })).status).toBe(201);
    expect((await api('POST', '/api/v1/sources/crm/check')).body).toEqual({
      ok: true,
      message: 'public.crm_customers is readable: cursor updated_at (timestamp with time zone), key id (integer)',
    });

    const first = await runToEnd('crm');
    expect(first).toMatchObject({ state: 'succeeded', recordsRead: 2500, recordsPublished: 2500, recordsDeadLettered: 0 });
    expect(first.checkpoint?.state).toEqual({ cursor: '2026-01-01 00:00:00.000626+00', key: '2500' });
    const stored = await database.query('SELECT count(DISTINCT payload->>\'id\') AS ids FROM connector.explore_records WHERE run_id = $1', [first.runId]);
    expect(stored.rows[0].ids).toBe('2500');
    const row = await database.query("SELECT payload, source_location FROM connector.explore_records WHERE run_id = $1 AND payload->>'id' = '7'", [first.runId]);
    expect(row.rows[0]).toEqual({
      payload: { id: 7, name: 'customer 7', score: 1.75, updated_at: '2026-01-01T00:00:00.000002+00:00' },
      source_location: 'postgres:public.crm_customers:2026-01-01 00:00:00.000002+00/7',
    });

    await database.query("INSERT INTO public.crm_customers VALUES (2501, 'new one', 1, now()), (2502, 'new two', 2, now()), (2503, 'new three', 3, now())");
    await database.query("UPDATE public.crm_customers SET name = 'renamed', updated_at = now() WHERE id = 10");
    const second = await runToEnd('crm');
    expect(second).toMatchObject({ state: 'succeeded', recordsRead: 4, recordsPublished: 4 });
    const read = await database.query("SELECT payload->>'id' AS id, payload->>'name' AS name FROM connector.explore_records WHERE run_id = $1 ORDER BY position_index", [second.runId]);
    expect(read.rows.map((entry) => entry.id).sort()).toEqual(['10', '2501', '2502', '2503']);
    expect(read.rows.find((entry) => entry.id === '10')?.name).toBe('renamed');
  }, 120000);

  it('finishes a file run killed mid-way after a restart, with every row in Explore exactly once', async () => {
    const rows = 60000;
    writeFileSync(join(directory, 'big.jsonl'), Array.from({ length: rows }, (_, index) => JSON.stringify({ id: index, name: `person ${index}` })).join('\n'));
    expect((await api('POST', '/api/v1/sources', { sourceId: 'big-file', type: 'file', config: { path: 'big.jsonl', format: 'jsonl' } })).status).toBe(201);
    const started = await api('POST', '/api/v1/sources/big-file/runs');
    const { runId } = started.body as RunBody;
    // Killed once its first checkpoint is committed, while rows are still being read or stored.
    await waitFor(async () => ((await run(runId)).checkpoint?.published ?? 0) > 0, { timeoutMs: 60000, intervalMs: 50, description: 'a first committed checkpoint' });
    const beforeKill = await run(runId);
    expect(beforeKill.state).toBe('running');
    expect(beforeKill.checkpoint!.published).toBeLessThan(rows);
    await connector.stop('SIGKILL');
    connector.start();
    await connector.waitUntilReady();

    await waitFor(async () => (await run(runId)).state !== 'running', { timeoutMs: 120000, intervalMs: 500, description: 'the resumed run to end' });
    expect(await run(runId)).toMatchObject({ state: 'succeeded', recordsRead: rows, recordsPublished: rows, recordsDeadLettered: 0 });
    const stored = await database.query(
      "SELECT count(*) AS records, count(DISTINCT payload->>'id') AS ids, min(position_index) AS first, max(position_index) AS last FROM connector.explore_records WHERE run_id = $1",
      [runId],
    );
    expect(stored.rows[0]).toEqual({ records: String(rows), ids: String(rows), first: 0, last: rows - 1 });
  }, 240000);
});
