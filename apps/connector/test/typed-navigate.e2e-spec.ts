import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Pool } from 'pg';
import request from 'supertest';
import { PipelineStack, REPOSITORY_ROOT, startPipelineStack, stopPipelineStack, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TEST_API_KEY, TEST_SERVICE_API_KEY, waitFor } from '@atlas/testing';

const FAKE_NAMES = resolve(REPOSITORY_ROOT, '..', 'shared', 'data', 'presidio-research', 'FakeNameGenerator.com_3000.csv');
const SOURCE = 'fake-names';
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const INTEGER_COLUMNS = ['Number', 'Age', 'TelephoneCountryCode'];
const CHANGED = 50;

/** The contract of the source: a business key (Number), integers and strings; the rest of each record stays in the jsonb table only. */
function fakeNamesContract(): Record<string, unknown> {
  const text = (name: string) => ({ name, logicalType: 'string' });
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'fake-names-contract',
    version: '1.0.0',
    status: 'active',
    schema: [
      {
        name: SOURCE,
        properties: [
          { name: 'Number', logicalType: 'integer', primaryKey: true, required: true },
          text('Gender'),
          text('GivenName'),
          text('Surname'),
          text('City'),
          text('CountryFull'),
          { name: 'EmailAddress', logicalType: 'string', required: true },
          { name: 'Age', logicalType: 'integer' },
          { name: 'TelephoneCountryCode', logicalType: 'integer' },
          text('Occupation'),
        ],
      },
    ],
  };
}

describe('connector: typed Navigate tables, created from the contract and upserted on its business key', () => {
  const directory = mkdtempSync(join(tmpdir(), 'atlas-typed-navigate-'));
  // The 3,000 FakeNameGenerator rows as JSON Lines, with their numeric columns as JSON integers (CSV has only text).
  const people = (parse(readFileSync(FAKE_NAMES), { columns: true, bom: true }) as Array<Record<string, string>>).map((row) => {
    const record: Record<string, unknown> = { ...row };
    for (const column of INTEGER_COLUMNS) record[column] = Number(row[column]);
    return record;
  });
  let stack: PipelineStack;
  let database: Pool;
  const keys: Record<'analyst' | 'viewer', string> = { analyst: '', viewer: '' };
  const gateway = () => request(stack.services.gateway.baseUrl);
  const asKey = (key: string) => ({ Authorization: `Bearer ${key}` });

  async function datasetDetail(): Promise<{ status: number; body: { rowCount: number; conflicts: { total: number; recent: Array<{ reason: string; recordId: string }> } } }> {
    const response = await gateway().get(`/api/v1/datasets/${SOURCE}`).set(asKey(keys.analyst));
    return { status: response.status, body: response.body };
  }

  beforeAll(async () => {
    writeFileSync(join(directory, 'fake-names.jsonl'), people.map((record) => JSON.stringify(record)).join('\n') + '\n');
    ({ stack, database } = await startPipelineStack(4680, { CONNECTOR_FILE_DIRECTORY: directory }));
    const adminToken = (await gateway().post('/api/v1/auth/login').send({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }).expect(200)).body.accessToken as string;
    for (const role of ['analyst', 'viewer'] as const) {
      const expiresAt = new Date(Date.now() + 86400_000).toISOString();
      keys[role] = (await gateway().post('/api/v1/api-keys').set(asKey(adminToken)).send({ name: `${role} key`, role, expiresAt }).expect(201)).body.key;
    }
    const quality = () => request(stack.services.quality.baseUrl);
    await quality().post('/api/v1/contracts').set(asKey(TEST_SERVICE_API_KEY)).send(fakeNamesContract()).expect(201);
    await quality().post('/api/v1/contracts/fake-names-contract/versions/1.0.0/activate').set(asKey(TEST_SERVICE_API_KEY)).expect(200);
  }, 240000);

  afterAll(async () => {
    await stopPipelineStack({ stack, database });
    rmSync(directory, { recursive: true, force: true });
  });

  it('lands the 3,000 rows in a typed table whose columns have the contract types, masked values only', async () => {
    const connector = () => request(stack.services.connector.baseUrl);
    await connector().post('/api/v1/sources').set(asKey(TEST_SERVICE_API_KEY)).send({ sourceId: SOURCE, type: 'file', config: { path: 'fake-names.jsonl', format: 'jsonl' } }).expect(201);
    await connector().post(`/api/v1/sources/${SOURCE}/runs`).set(asKey(TEST_SERVICE_API_KEY)).expect(202);
    await waitFor(async () => {
      const detail = await datasetDetail();
      return detail.status === 200 && detail.body.rowCount === 3000;
    }, { timeoutMs: 240000, intervalMs: 2000, description: '3,000 rows in the typed table' });

    const columns = await database.query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'navigate_typed' AND table_name = $1 AND column_name NOT LIKE 'atlas\\_%' ORDER BY ordinal_position", [SOURCE]);
    expect(columns.rows.map((row) => [row.column_name, row.data_type])).toEqual([
      ['Number', 'bigint'],
      ['Gender', 'text'],
      ['GivenName', 'text'],
      ['Surname', 'text'],
      ['City', 'text'],
      ['CountryFull', 'text'],
      ['EmailAddress', 'text'],
      ['Age', 'bigint'],
      ['TelephoneCountryCode', 'bigint'],
      ['Occupation', 'text'],
    ]);
    const key = await database.query("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'navigate_typed.\"fake-names\"'::regclass AND i.indisprimary");
    expect(key.rows.map((row) => row.attname)).toEqual(['Number']);

    const stored = await database.query('SELECT "Number", "Age", "EmailAddress", row_to_json(t)::text AS whole FROM navigate_typed."fake-names" t ORDER BY "Number"');
    expect(stored.rows.map((row) => Number(row.Number))).toEqual(people.map((record) => record.Number));
    expect(stored.rows.map((row) => Number(row.Age))).toEqual(people.map((record) => record.Age));
    for (const row of stored.rows) {
      expect(row.EmailAddress).toBe('<EMAIL_ADDRESS>');
      expect(row.whole).not.toMatch(EMAIL);
    }
    // The jsonb Navigate table is written as before, one row per record.
    expect((await database.query("SELECT count(*)::int AS n FROM connector.navigate_records WHERE source_id = $1", [SOURCE])).rows[0].n).toBe(3000);
  }, 300000);

  it('updates pushed versions of rows in place, and quarantines a value that no longer fits its column, with the reason', async () => {
    const changed: Array<Record<string, unknown>> = people.slice(0, CHANGED).map((record) => ({ ...record, Age: (record.Age as number) + 1, Occupation: 'Data steward' }));
    // Rows travel to the typed table as array literals, one per column: a value with the characters
    // those (and COPY's text format) give a meaning lands exactly as written, as does the word NULL.
    const escaped = 'Data steward\t"lead"\nback\\slash \\N ½ {a,b} ';
    changed[2].Occupation = escaped;
    changed[3].Occupation = 'NULL';
    // pii-detection replaces this card number with "<CREDIT_CARD>": a string that does not fit the bigint column.
    const unfit = { ...people[0], Number: 3001, Age: 4111111111111111 };
    const pushed = await gateway().post(`/api/v1/sources/${SOURCE}/records`).set(asKey(TEST_API_KEY)).send([...changed, unfit]).expect(202);
    await waitFor(async () => (await datasetDetail()).body.conflicts.total === 1, { timeoutMs: 120000, intervalMs: 1000, description: 'the unfit record recorded as a conflict' });
    const unfitRecordId = (await database.query('SELECT record_id FROM connector.explore_records WHERE run_id = $1 AND position_index = $2', [pushed.body.runId, CHANGED])).rows[0].record_id as string;
    await waitFor(async () => Number((await database.query('SELECT count(*) AS n FROM navigate_typed."fake-names" WHERE "Occupation" IN ($1, $2, $3)', ['Data steward', escaped, 'NULL'])).rows[0].n) === CHANGED, { timeoutMs: 60000, description: 'the changed rows' });
    expect((await database.query('SELECT "Occupation" FROM navigate_typed."fake-names" WHERE "Number" IN (3, 4) ORDER BY "Number"')).rows).toEqual([{ Occupation: escaped }, { Occupation: 'NULL' }]);

    const detail = await datasetDetail();
    expect(detail.body.rowCount).toBe(3000);
    expect(detail.body.conflicts.recent).toEqual([expect.objectContaining({ recordId: unfitRecordId, contractVersion: '1.0.0', reason: 'column "Age" (bigint): a string does not fit bigint' })]);
    const conflict = await database.query('SELECT run_id FROM connector.navigate_conflicts WHERE record_id = $1', [unfitRecordId]);
    expect(conflict.rows).toEqual([{ run_id: pushed.body.runId }]);
    const updated = await database.query('SELECT "Number", "Age", atlas_run_id FROM navigate_typed."fake-names" WHERE "Number" <= $1 ORDER BY "Number"', [CHANGED]);
    expect(updated.rows.map((row) => [Number(row.Number), Number(row.Age), row.atlas_run_id])).toEqual(changed.map((record) => [record.Number, record.Age, pushed.body.runId]));
    expect((await database.query('SELECT count(*)::int AS n FROM navigate_typed."fake-names" WHERE "Number" = 3001')).rows[0].n).toBe(0);
  }, 180000);

  it('pages through the rows by key for an analyst, and refuses a viewer and forged cursors', async () => {
    const listed = await gateway().get('/api/v1/datasets').set(asKey(keys.analyst)).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ datasetId: SOURCE, table: `navigate_typed.${SOURCE}`, primaryKey: ['Number'], contractId: 'fake-names-contract', contractVersion: '1.0.0' })]);
    expect(listed.body.items[0].columns).toContainEqual({ name: 'Age', type: 'bigint' });

    const numbers: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = cursor ? { limit: 200, cursor } : { limit: 200 };
      const page = await gateway().get(`/api/v1/datasets/${SOURCE}/rows`).query(query).set(asKey(keys.analyst)).expect(200);
      for (const item of page.body.items) {
        numbers.push(item.values.Number);
        expect(item.values.EmailAddress).toBe('<EMAIL_ADDRESS>');
      }
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(15);
    expect(numbers).toEqual(Array.from({ length: 3000 }, (_unused, index) => index + 1));

    const viewer = await gateway().get(`/api/v1/datasets/${SOURCE}/rows`).set(asKey(keys.viewer));
    expect({ status: viewer.status, code: viewer.body.code, permission: viewer.body.permission }).toEqual({ status: 403, code: 'permission_denied', permission: 'datasets:read' });
    const forged = Buffer.from(JSON.stringify(['not a number'])).toString('base64url');
    const refused = await gateway().get(`/api/v1/datasets/${SOURCE}/rows`).query({ cursor: forged }).set(asKey(keys.analyst));
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 400, code: 'cursor_invalid' });
    expect((await gateway().get('/api/v1/datasets/no-such-dataset/rows').set(asKey(keys.analyst))).status).toBe(404);
  }, 60000);
});
