import { copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { DeadLetter, TOPICS } from '@atlas/contracts';
import {
  PipelineStack,
  readTopic,
  REPOSITORY_ROOT,
  resetTestInfrastructure,
  serviceEnvironment,
  TEST_SERVICE_API_KEY,
  testDatabase,
  testDeadLetterUnsealer,
  testLogDirectory,
  waitFor,
} from '@atlas/testing';

// The shared reference data beside the checkout, as the project's scripts find it (scripts/repository-root.ts).
const FAKE_NAMES = resolve(REPOSITORY_ROOT, '..', 'shared', 'data', 'presidio-research', 'FakeNameGenerator.com_3000.csv');

interface RunBody {
  runId: string;
  state: string;
  recordsRead: number;
  recordsPublished: number;
  recordsDeadLettered: number;
  checkpoint: { state: { path: string; offset: number; line: number }; published: number } | null;
  error: string | null;
}

describe('connector: file sources read through the real pipeline', () => {
  const directory = mkdtempSync(join(tmpdir(), 'atlas-file-source-'));
  let stack: PipelineStack;
  let database: Pool;
  let baseUrl: string;

  async function api(method: string, path: string, body?: unknown, key: string | null = TEST_SERVICE_API_KEY): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  async function runToEnd(sourceId: string): Promise<RunBody> {
    const started = await api('POST', `/api/v1/sources/${sourceId}/runs`);
    expect(started.status).toBe(202);
    const { runId } = started.body as RunBody;
    let run: RunBody | undefined;
    await waitFor(
      async () => {
        run = (await api('GET', `/api/v1/runs/${runId}`)).body as RunBody;
        return !['queued', 'running'].includes(run.state);
      },
      { timeoutMs: 120000, intervalMs: 500, description: `run ${runId} of ${sourceId} to end` },
    );
    return run!;
  }

  beforeAll(async () => {
    copyFileSync(FAKE_NAMES, join(directory, 'fake-names.csv'));
    const latin1 = ['nom;ville;note', 'José;Orléans;ok', '"cassé"x;Paris;bad quote', 'Zoë;Lyon;too;many', '"Ana";"São Paulo";"multi', 'line"', ''].join('\r\n');
    writeFileSync(join(directory, 'latin1.csv'), Buffer.from(latin1, 'latin1'));
    const lines = ['{"id": 1, "name": "Ada"}', '{"id": 2, "name": ', '[1, 2]', '', '{"id": 4, "note": "nul \\u0000"}', '{"id": 5, "name": "Grace"}'];
    writeFileSync(join(directory, 'people.jsonl'), `${lines.join('\n')}\n`);
    await resetTestInfrastructure();
    database = testDatabase();
    stack = new PipelineStack(4220, { ...serviceEnvironment(), CONNECTOR_FILE_DIRECTORY: directory }, testLogDirectory());
    await stack.start();
    baseUrl = stack.services.connector.baseUrl;
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
    await database?.end();
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses requests without an API key, unknown types and configs that break the spec or leave the directory', async () => {
    expect((await api('GET', '/api/v1/sources', undefined, null)).status).toBe(401);
    expect((await api('POST', '/api/v1/sources', { sourceId: 'x', type: 'ftp', config: {} })).body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/^unknown source type "ftp"; known types: file, postgres-table, http-api, push$/) });
    const outside = await api('POST', '/api/v1/sources', { sourceId: 'x', type: 'file', config: { path: '../etc/passwd', format: 'csv' } });
    expect(outside).toMatchObject({ status: 400, body: { message: 'config: /path must match pattern "^(?!/)(?!.*(^|/)\\.\\.(/|$))[^\\u0000-\\u001f]+$"' } });
    const missing = await api('POST', '/api/v1/sources', { sourceId: 'x', type: 'file', config: { path: 'people.csv' } });
    expect(missing).toMatchObject({ status: 400, body: { message: "config: / must have required property 'format'" } });
    expect((await api('POST', '/api/v1/sources', { sourceId: 'x', type: 'file', config: { path: 'a.csv', format: 'csv' }, schedule: 'every hour' })).status).toBe(400);
  });

  it('ingests the 3,000 FakeNameGenerator rows into Explore and on through the pipeline, with the run counted and checkpointed', async () => {
    // A schedule that is stored and valid but cannot fire while the test runs (the scheduler is live:
    // an hourly one started an extra run when the test crossed the hour).
    const created = await api('POST', '/api/v1/sources', { sourceId: 'fake-names', type: 'file', config: { path: 'fake-names.csv', format: 'csv' }, schedule: '0 0 29 2 *' });
    expect(created).toMatchObject({ status: 201, body: { sourceId: 'fake-names', type: 'file', schedule: '0 0 29 2 *' } });
    expect((await api('POST', '/api/v1/sources', { sourceId: 'fake-names', type: 'file', config: { path: 'fake-names.csv', format: 'csv' } })).status).toBe(409);
    expect((await api('POST', '/api/v1/sources/fake-names/check')).body).toEqual({ ok: true, message: `fake-names.csv is readable (${statSync(FAKE_NAMES).size} bytes)` });
    const discovered = (await api('POST', '/api/v1/sources/fake-names/discover')).body as { streams: Array<{ name: string; schema: { properties: Record<string, unknown>; required: string[] }; sampledRecords: number }> };
    expect(discovered.streams[0]).toMatchObject({ name: 'fake-names.csv', sampledRecords: 100 });
    // The UTF-8 byte order mark is not part of the first column's name.
    expect(discovered.streams[0].schema.properties.Number).toEqual({ type: 'string' });
    expect(discovered.streams[0].schema.required).toHaveLength(30);

    const run = await runToEnd('fake-names');
    expect(run).toMatchObject({ state: 'succeeded', recordsRead: 3000, recordsPublished: 3000, recordsDeadLettered: 0, error: null });
    expect(run.checkpoint).toMatchObject({ published: 3000, state: { path: 'fake-names.csv', offset: statSync(FAKE_NAMES).size, line: 3002 } });

    const explored = await database.query('SELECT count(*) AS records, min(position_index) AS first, max(position_index) AS last FROM connector.explore_records WHERE run_id = $1', [run.runId]);
    expect(explored.rows[0]).toEqual({ records: '3000', first: 0, last: 2999 });
    const firstRow = await database.query("SELECT source_location, payload FROM connector.explore_records WHERE run_id = $1 AND position_index = 0", [run.runId]);
    expect(firstRow.rows[0].source_location).toBe('file:fake-names.csv:2');
    expect(firstRow.rows[0].payload).toMatchObject({ Number: '1', GivenName: 'Marie', Surname: 'Hamanová', City: 'Kangerlussuaq' });
    // The records flow on: protected by pii-detection, then held by quality (the source has no contract).
    await waitFor(
      async () => Number((await database.query('SELECT count(*) AS held FROM quality.quarantined_records WHERE run_id = $1', [run.runId])).rows[0].held) === 3000,
      { timeoutMs: 150000, intervalMs: 1000, description: '3,000 records past PII protection and quality' },
    );
    // The run is one root lineage run, started and completed, with the range of lines it read.
    await waitFor(
      async () => (await database.query("SELECT 1 FROM lineage.run_events WHERE run_id = $1 AND job_name = 'ingest.fake-names' AND event_type = 'COMPLETE'", [run.runId])).rowCount === 1,
      { timeoutMs: 30000, description: 'the run in lineage' },
    );
    const events = await database.query("SELECT event_type, event FROM lineage.run_events WHERE run_id = $1 AND job_name = 'ingest.fake-names' ORDER BY event_type DESC", [run.runId]);
    expect(events.rows.map((row) => row.event_type)).toEqual(['START', 'COMPLETE']);
    expect(events.rows[1].event.run.facets.atlas_sourceRange).toMatchObject({ first: 'file:fake-names.csv:2', last: 'file:fake-names.csv:3001' });
    expect(events.rows[1].event.run.facets.atlas_recordCount.recordCount).toBe(3000);

    // A second run starts from the checkpoint: the file has nothing new.
    const again = await runToEnd('fake-names');
    expect(again).toMatchObject({ state: 'succeeded', recordsRead: 0, recordsPublished: 0 });
    // Cursor pages, newest first: the second run, then the first, then no further page.
    const listed = (await api('GET', '/api/v1/runs?sourceId=fake-names&limit=1')).body as { items: RunBody[]; nextCursor: string | null };
    expect(listed).toMatchObject({ items: [{ runId: again.runId }], nextCursor: expect.any(String) });
    const older = (await api('GET', `/api/v1/runs?sourceId=fake-names&limit=1&cursor=${listed.nextCursor}`)).body as { items: RunBody[]; nextCursor: string | null };
    expect(older).toEqual({ items: [expect.objectContaining({ runId: run.runId })], nextCursor: null });
    const oldestFirst = (await api('GET', '/api/v1/runs?sourceId=fake-names&sort=createdAt')).body as { items: RunBody[] };
    expect(oldestFirst.items.map((item) => item.runId)).toEqual([run.runId, again.runId]);
    const otherSort = await api('GET', `/api/v1/runs?sourceId=fake-names&sort=createdAt&cursor=${listed.nextCursor}`);
    expect({ status: otherSort.status, code: (otherSort.body as { code?: string }).code }).toEqual({ status: 400, code: 'cursor_invalid' });
    expect((await api('POST', `/api/v1/runs/${again.runId}/cancel`)).status).toBe(409);
  }, 300000);

  it('reads Latin-1 CSV with another delimiter, dead-letters malformed rows with their exact line, and counts them', async () => {
    const config = { path: 'latin1.csv', format: 'csv', encoding: 'latin1', delimiter: ';' };
    expect((await api('POST', '/api/v1/sources', { sourceId: 'latin1-people', type: 'file', config })).status).toBe(201);
    const run = await runToEnd('latin1-people');
    expect(run).toMatchObject({ state: 'succeeded', recordsRead: 4, recordsPublished: 2, recordsDeadLettered: 2 });

    const rows = await database.query('SELECT source_location, payload FROM connector.explore_records WHERE run_id = $1 ORDER BY position_index', [run.runId]);
    expect(rows.rows).toEqual([
      { source_location: 'file:latin1.csv:2', payload: { nom: 'José', ville: 'Orléans', note: 'ok' } },
      { source_location: 'file:latin1.csv:5', payload: { nom: 'Ana', ville: 'São Paulo', note: 'multi\r\nline' } },
    ]);
    const deadLetters = (await readTopic(TOPICS.DEAD_LETTER, (messages) => messages.filter((message) => message.value?.toString().includes('latin1-people')).length >= 2))
      .map((message) => JSON.parse(message.value!.toString()) as DeadLetter)
      .filter((letter) => letter.source.sourceId === 'latin1-people')
      // Spread over the topic's partitions: in the order the run read them.
      .sort((first, second) => Number(first.source.offset) - Number(second.source.offset));
    expect(deadLetters.map((letter) => [letter.source.location, letter.reason])).toEqual([
      ['file:latin1.csv:3', 'a closing quote is followed by a character other than the delimiter or a line end'],
      ['file:latin1.csv:4', 'the row has 4 fields where the header has 3'],
    ]);
    expect(deadLetters[0].source).toMatchObject({ topic: 'source:latin1-people', runId: run.runId });
    expect(testDeadLetterUnsealer().unseal(deadLetters[1].sealedOriginalValue!, deadLetters[1].source)).toEqual(Buffer.from('Zoë;Lyon;too;many\r\n', 'latin1'));
  }, 120000);

  it('reads JSON Lines, dead-letters invalid lines and records that break a limit, and goes on', async () => {
    expect((await api('POST', '/api/v1/sources', { sourceId: 'people-lines', type: 'file', config: { path: 'people.jsonl', format: 'jsonl' } })).status).toBe(201);
    const run = await runToEnd('people-lines');
    expect(run).toMatchObject({ state: 'succeeded', recordsRead: 5, recordsPublished: 2, recordsDeadLettered: 3 });
    const rows = await database.query('SELECT source_location, payload FROM connector.explore_records WHERE run_id = $1 ORDER BY position_index', [run.runId]);
    expect(rows.rows).toEqual([
      { source_location: 'file:people.jsonl:1', payload: { id: 1, name: 'Ada' } },
      { source_location: 'file:people.jsonl:6', payload: { id: 5, name: 'Grace' } },
    ]);
    const deadLetters = (await readTopic(TOPICS.DEAD_LETTER, (messages) => messages.filter((message) => message.value?.toString().includes('people-lines')).length >= 3))
      .map((message) => JSON.parse(message.value!.toString()) as DeadLetter)
      .filter((letter) => letter.source.sourceId === 'people-lines')
      // Spread over the topic's partitions: in the order the run read them.
      .sort((first, second) => Number(first.source.offset) - Number(second.source.offset));
    expect(deadLetters.map((letter) => [letter.source.location, letter.reason])).toEqual([
      ['file:people.jsonl:2', 'the line is not valid JSON'],
      ['file:people.jsonl:3', 'the line does not hold a JSON object'],
      ['file:people.jsonl:5', 'record refused: a string at $[1]{1} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store'],
    ]);
  }, 120000);
});
