import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { REPOSITORY_ROOT, resetTestInfrastructure, serviceEnvironment, ServiceProcess, TEST_API_KEY, TEST_SERVICE_API_KEY, testDatabase, testLogDirectory } from '@atlas/testing';

const run = promisify(execFile);

describe('connector: files uploaded for a source, and `./atlas ingest FILE --source ID`', () => {
  const directory = mkdtempSync(join(tmpdir(), 'atlas-uploads-'));
  const inputs = mkdtempSync(join(tmpdir(), 'atlas-upload-inputs-'));
  const environment = { ...serviceEnvironment(), CONNECTOR_FILE_DIRECTORY: directory, CONNECTOR_MAX_UPLOAD_BYTES: '4096' };
  const connector = new ServiceProcess({ name: 'connector', httpPort: 4241, environment, logDirectory: testLogDirectory() });
  // The ingest command talks to the gateway, as clients do: the connector's port takes only the service credential.
  const gateway = new ServiceProcess({ name: 'gateway', httpPort: 4242, environment: { ...environment, CONNECTOR_URL: connector.baseUrl }, logDirectory: testLogDirectory() });
  let database: Pool;

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    connector.start();
    gateway.start();
    await Promise.all([connector.waitUntilReady(), gateway.waitUntilReady()]);
  }, 120000);

  afterAll(async () => {
    await Promise.all([connector.stop(), gateway.stop()]);
    await database?.end();
    rmSync(directory, { recursive: true, force: true });
    rmSync(inputs, { recursive: true, force: true });
  });

  it('uploads a file with the ingest command, which creates the source, runs it and prints the outcome', async () => {
    const file = join(inputs, 'people.csv');
    writeFileSync(file, 'name;city\nAda;London\n"broken"x;Paris\nGrace;New York\n');
    const { stdout, stderr } = await run(
      process.execPath,
      [join(REPOSITORY_ROOT, 'dist/scripts/ingest.js'), file, '--source', 'uploaded-people', '--delimiter', ';', '--api-key', TEST_API_KEY, '--url', gateway.baseUrl],
      { timeout: 60000 },
    );
    expect(stdout).toMatch(/^run [0-9a-f-]{36} succeeded in \d+\.\d s: 3 read, 2 published, 1 dead-lettered\n$/);
    expect(stderr).toContain('uploaded 0.0 MB');
    expect(stderr).toContain('dead-lettered rows are on atlas.dead-letter.v1 with their file and line');

    const answer = await fetch(`${connector.baseUrl}/api/v1/sources/uploaded-people`, { headers: { authorization: `Bearer ${TEST_SERVICE_API_KEY}` } });
    const source = (await answer.json()) as { config: { path: string } };
    expect(source).toMatchObject({ sourceId: 'uploaded-people', type: 'file', config: { format: 'csv', delimiter: ';', path: expect.stringMatching(/^uploads\/uploaded-people\/[0-9a-f-]{36}-people\.csv$/) } });
    const runId = /^run (\S+)/.exec(stdout)![1];
    const rows = await database.query('SELECT source_location, payload FROM connector.explore_records WHERE run_id = $1 ORDER BY position_index', [runId]);
    expect(rows.rows).toEqual([
      { source_location: `file:${source.config.path}:2`, payload: { name: 'Ada', city: 'London' } },
      { source_location: `file:${source.config.path}:4`, payload: { name: 'Grace', city: 'New York' } },
    ]);
  }, 90000);

  it('refuses a file over CONNECTOR_MAX_UPLOAD_BYTES and keeps nothing of it, and refuses an unsafe name', async () => {
    const upload = (name: string, body: string) =>
      fetch(`${connector.baseUrl}/api/v1/sources/too-big/uploads?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_SERVICE_API_KEY}`, 'content-type': 'application/octet-stream' },
        body,
      });
    const tooLarge = await upload('big.csv', `a\n${'x\n'.repeat(3000)}`);
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ message: 'The file is larger than 4096 bytes (CONNECTOR_MAX_UPLOAD_BYTES)' });
    expect(readdirSync(join(directory, 'uploads', 'too-big'))).toEqual([]);
    expect((await upload('../escape.csv', 'a\n1\n')).status).toBe(400);
    const unauthenticated = await fetch(`${connector.baseUrl}/api/v1/sources/too-big/uploads?name=a.csv`, { method: 'POST', body: 'a\n' });
    expect(unauthenticated.status).toBe(401);
  }, 60000);
});
