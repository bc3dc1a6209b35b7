import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Pool } from 'pg';
import { TOPICS } from '@atlas/contracts';
import { PipelineStack, readTopic, REPOSITORY_ROOT, resetTestInfrastructure, serviceEnvironment, TEST_API_KEY, TEST_SERVICE_API_KEY, testDatabase, testKafka, testLogDirectory, waitFor } from '@atlas/testing';

const FAKE_NAMES = resolve(REPOSITORY_ROOT, '..', 'shared', 'data', 'presidio-research', 'FakeNameGenerator.com_3000.csv');
// Columns holding personal values: none of them may appear in a profile, which is served outside Explore.
const PERSONAL_COLUMNS = ['GivenName', 'Surname', 'StreetAddress', 'City', 'EmailAddress', 'Username', 'Password', 'TelephoneNumber', 'MothersMaiden', 'Birthday', 'CCNumber', 'NationalID'];

interface FieldBody {
  name: string;
  inferredType: string;
  types: Record<string, number>;
  present: number;
  missing: number;
  nulls: number;
  nullRate: number;
  blanks: number;
  distinctEstimate: number;
  numberRange: { min: number; max: number } | null;
  numberRangeWithheld: boolean;
  lengthRange: { min: number; max: number } | null;
  topValues: Array<{ value?: string; shape?: string; count: number; error: number }>;
  otherTopValuesAtMost: number;
}

interface ProfileBody {
  sourceId: string;
  runId: string;
  records: number;
  maxFields: number;
  fieldLimitReached: boolean;
  fields: FieldBody[];
}

describe('connector: the profile of a run', () => {
  const directory = mkdtempSync(join(tmpdir(), 'atlas-profiles-'));
  const rows = parse(readFileSync(FAKE_NAMES), { columns: true, bom: true }) as Array<Record<string, string>>;
  let stack: PipelineStack;
  let database: Pool;
  let baseUrl: string;

  async function api(path: string, key: string | null = TEST_SERVICE_API_KEY, method = 'GET', body?: unknown): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key) headers.authorization = `Bearer ${key}`;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  async function runToEnd(sourceId: string): Promise<{ runId: string; state: string; recordsPublished: number }> {
    const started = await api(`/api/v1/sources/${sourceId}/runs`, TEST_SERVICE_API_KEY, 'POST');
    expect(started.status).toBe(202);
    const { runId } = started.body as { runId: string };
    let run: { runId: string; state: string; recordsPublished: number } | undefined;
    await waitFor(
      async () => {
        run = (await api(`/api/v1/runs/${runId}`)).body as typeof run;
        return !['queued', 'running'].includes(run!.state);
      },
      { timeoutMs: 120000, intervalMs: 500, description: `run of ${sourceId} to end` },
    );
    return run!;
  }

  function field(profile: ProfileBody, name: string): FieldBody {
    return profile.fields.find((candidate) => candidate.name === name)!;
  }

  beforeAll(async () => {
    copyFileSync(FAKE_NAMES, join(directory, 'fake-names.csv'));
    writeFileSync(join(directory, 'sparse.jsonl'), ['{"id": 1, "email": null, "tags": ["a"]}', '{"id": 2}', '{"id": 3, "email": "ada@example.com", "tags": []}', '{"id": 4, "email": "grace@example.com"}'].join('\n') + '\n');
    await resetTestInfrastructure();
    database = testDatabase();
    // Explore's maintenance (partitions ahead, retention) every second instead of every hour; sources
    // without a retention of their own keep their records 12 days.
    stack = new PipelineStack(
      4260,
      { ...serviceEnvironment(), CONNECTOR_FILE_DIRECTORY: directory, CONNECTOR_EXPLORE_MAINTENANCE_MS: '1000', CONNECTOR_EXPLORE_RETENTION_DAYS: '12' },
      testLogDirectory(),
    );
    await stack.start();
    baseUrl = stack.services.connector.baseUrl;
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
    await database?.end();
    rmSync(directory, { recursive: true, force: true });
  });

  it('refuses requests without an API key, says when there is no profile, and validates the run id', async () => {
    expect((await api('/api/v1/sources/fake-names/profile', null)).status).toBe(401);
    expect(await api('/api/v1/sources/fake-names/profile')).toMatchObject({ status: 404, body: { code: 'profile_not_found', message: 'No profile of this source: it has no run with records' } });
    // A refusal never quotes its input (the run id, the source id).
    const unknownRun = await api('/api/v1/sources/fake-names/profile/contract-suggestion?runId=3f1c2b4a-0000-4000-8000-00000000abcd');
    expect(unknownRun).toMatchObject({ status: 404, body: { code: 'profile_not_found', message: 'No profile of this run: the source has no such run, or the run landed no records' } });
    expect(JSON.stringify(unknownRun.body)).not.toMatch(/fake-names|abcd/);
    expect(await api('/api/v1/sources/fake-names/profile?runId=nope')).toMatchObject({ status: 400, body: { message: ['runId must be a UUID'] } });
  });

  it('profiles the 3,000 FakeNameGenerator rows: types, blanks, ranges, distinct counts within 2 %, and no personal value', async () => {
    expect((await api('/api/v1/sources', TEST_SERVICE_API_KEY, 'POST', { sourceId: 'fake-names', type: 'file', config: { path: 'fake-names.csv', format: 'csv' } })).status).toBe(201);
    const run = await runToEnd('fake-names');
    expect(run).toMatchObject({ state: 'succeeded', recordsPublished: 3000 });
    const response = await api('/api/v1/sources/fake-names/profile');
    expect(response.status).toBe(200);
    const profile = response.body as ProfileBody;
    expect(profile).toMatchObject({ sourceId: 'fake-names', runId: run.runId, records: 3000, maxFields: 200, fieldLimitReached: false });
    expect(profile.fields.map((candidate) => candidate.name).sort()).toEqual(Object.keys(rows[0]).sort());
    expect((await api(`/api/v1/sources/fake-names/profile?runId=${run.runId}`)).body).toEqual(profile);

    for (const column of Object.keys(rows[0])) {
      const values = rows.map((row) => row[column]);
      const distinct = new Set(values).size;
      const profiled = field(profile, column);
      expect({ column, present: profiled.present, missing: profiled.missing, nulls: profiled.nulls, nullRate: profiled.nullRate, blanks: profiled.blanks }).toEqual({
        column,
        present: 3000,
        missing: 0,
        nulls: 0,
        nullRate: 0,
        blanks: values.filter((value) => value.trim() === '').length,
      });
      // Within 2 % of the true count (and within one for the few small ones).
      expect({ column, withinBound: Math.abs(profiled.distinctEstimate - distinct) <= Math.max(1, 0.02 * distinct) }).toEqual({ column, withinBound: true });
    }
    expect(field(profile, 'Number')).toMatchObject({ inferredType: 'integer', types: { integer: 3000 }, numberRange: { min: 1, max: 3000 }, topValues: [] });
    expect(field(profile, 'Age')).toMatchObject({ inferredType: 'integer', numberRange: { min: Math.min(...rows.map((row) => Number(row.Age))), max: Math.max(...rows.map((row) => Number(row.Age))) } });
    expect(field(profile, 'GivenName')).toMatchObject({ inferredType: 'string', types: { string: 3000 }, numberRange: null });
    expect(field(profile, 'ZipCode').inferredType).toBe('string');
    expect(field(profile, 'CCNumber')).toMatchObject({ numberRange: null, numberRangeWithheld: true });
    expect(field(profile, 'Gender').topValues.map((entry) => entry.shape).sort()).toEqual(['aaaa', 'aaaaaa']);
    const countries = new Map<string, number>();
    for (const row of rows) countries.set(row.Country, (countries.get(row.Country) ?? 0) + 1);
    const highest = Math.max(...countries.values());
    const mostFrequent = [...countries].filter(([, count]) => count === highest).map(([country]) => country);
    expect(mostFrequent).toContain(field(profile, 'Country').topValues[0].value);
    // 30 countries, fewer than the sketch's 64 entries: counted exactly across every batch merged.
    expect(countries.size).toBe(30);
    expect(field(profile, 'Country').topValues.slice(0, 20)).toEqual(
      [...countries]
        .sort(([left, leftCount], [right, rightCount]) => rightCount - leftCount || (left < right ? -1 : 1))
        .slice(0, 20)
        .map(([value, count]) => ({ value, count, error: 0 })),
    );
    expect(field(profile, 'Country').otherTopValuesAtMost).toBe([...countries.values()].sort((left, right) => right - left)[20]);

    const served = JSON.stringify(profile);
    const stored = JSON.stringify((await database.query('SELECT field_name, statistics FROM connector.run_profile_fields')).rows);
    const personal = new Set(rows.flatMap((row) => PERSONAL_COLUMNS.map((column) => row[column])).filter((value) => value.length >= 4));
    expect([...personal].filter((value) => served.includes(value) || stored.includes(value))).toEqual([]);

    // The draft contract: types, required where no value is blank, Number as the key; quality accepts it.
    const suggestion = await api('/api/v1/sources/fake-names/profile/contract-suggestion');
    expect(suggestion.status).toBe(200);
    const properties = (suggestion.body as { schema: Array<{ name: string; properties: Array<Record<string, unknown>> }> }).schema[0].properties;
    expect(properties.find((property) => property.name === 'Number')).toEqual({ name: 'Number', logicalType: 'integer', required: true, unique: true, primaryKey: true, primaryKeyPosition: 1 });
    expect(properties.find((property) => property.name === 'Gender')).toEqual({ name: 'Gender', logicalType: 'string', required: true });
    expect(properties.filter((property) => property.required).map((property) => property.name).sort()).toEqual(
      Object.keys(rows[0]).filter((column) => rows.every((row) => row[column].trim() !== '')).sort(),
    );
    const validation = await fetch(`${stack.services.quality.baseUrl}/api/v1/contracts/validate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_SERVICE_API_KEY}` },
      body: JSON.stringify(suggestion.body),
    });
    expect(await validation.json()).toMatchObject({ valid: true });

    // Column hints for pii-detection, read from patterns and types: the e-mails, the phone numbers of
    // many national formats, the dates of birth written 3/29/1982; no other column.
    const hints = await api('/api/v1/sources/fake-names/profile/column-hints');
    expect(hints).toMatchObject({ status: 200, body: { sourceId: 'fake-names', runId: run.runId, records: 3000, minShare: 0.9 } });
    expect((hints.body as { hints: unknown[] }).hints).toEqual([
      { field: 'Birthday', entityType: 'DATE_TIME', share: 1 },
      { field: 'EmailAddress', entityType: 'EMAIL_ADDRESS', share: 1 },
      { field: 'TelephoneNumber', entityType: 'PHONE_NUMBER', share: 1 },
    ]);
    expect([...personal].filter((value) => JSON.stringify(hints.body).includes(value))).toEqual([]);
  }, 300000);

  it('counts nulls and missing fields, and a replayed batch adds nothing to the profile', async () => {
    const sparse = { sourceId: 'sparse', type: 'file', config: { path: 'sparse.jsonl', format: 'jsonl', exploreRetentionDays: 7 } };
    expect(await api('/api/v1/sources', TEST_SERVICE_API_KEY, 'POST', { ...sparse, sourceId: 'no-retention', config: { ...sparse.config, exploreRetentionDays: 0 } })).toMatchObject({
      status: 400,
      body: { message: 'config: /exploreRetentionDays must be >= 1' },
    });
    expect((await api('/api/v1/sources', TEST_SERVICE_API_KEY, 'POST', sparse)).status).toBe(201);
    const run = await runToEnd('sparse');
    const profile = (await api('/api/v1/sources/sparse/profile')).body as ProfileBody;
    expect(profile.records).toBe(4);
    expect(field(profile, 'email')).toMatchObject({ inferredType: 'string', present: 3, missing: 1, nulls: 1, nullRate: 0.5, distinctEstimate: 2, lengthRange: { min: 15, max: 17 } });
    expect(field(profile, 'tags')).toMatchObject({ inferredType: 'array', present: 2, missing: 2, nullRate: 0.5, topValues: [{ kind: 'array', count: 2, error: 0 }] });
    expect(field(profile, 'id')).toMatchObject({ inferredType: 'integer', nullRate: 0, distinctEstimate: 4, numberRange: { min: 1, max: 4 } });
    // The gateway serves the same profile under the permission model, documented in its OpenAPI.
    const gateway = stack.services.gateway.baseUrl;
    const headers = { authorization: `Bearer ${TEST_API_KEY}` };
    expect(await (await fetch(`${gateway}/api/v1/sources/sparse/profile?runId=${run.runId}`, { headers })).json()).toEqual(profile);
    expect((await fetch(`${gateway}/api/v1/sources/sparse/profile`)).status).toBe(401);
    const openApi = (await (await fetch(`${gateway}/api/docs/openapi.json`, { headers })).json()) as { paths: Record<string, unknown> };
    expect(await (await fetch(`${gateway}/api/v1/sources/sparse/profile/column-hints`, { headers })).json()).toMatchObject({
      runId: run.runId,
      hints: [{ field: 'email', entityType: 'EMAIL_ADDRESS', share: 1 }],
    });
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining(['/api/v1/sources/{sourceId}/profile', '/api/v1/sources/{sourceId}/profile/contract-suggestion', '/api/v1/sources/{sourceId}/profile/column-hints']),
    );

    // Replay the run's ingest messages (as a redelivery would): Explore keeps its rows, and the profile its counts.
    const ingested = (await readTopic(TOPICS.INGEST_RECORDS, (messages) => messages.filter((message) => message.value?.toString().includes(run.runId)).length >= 4))
      .filter((message) => message.value?.toString().includes(run.runId));
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({ topic: TOPICS.INGEST_RECORDS, messages: ingested.map((message) => ({ key: message.key, value: message.value, headers: message.headers })) });
    await producer.disconnect();
    await readTopic(TOPICS.EXPLORE_RECORDS, (messages) => messages.filter((message) => message.value?.toString().includes(run.runId)).length >= 8, 60000);
    expect((await api('/api/v1/sources/sparse/profile')).body).toMatchObject({ records: 4, updatedAt: (profile as unknown as { updatedAt: string }).updatedAt });
    expect(field((await api('/api/v1/sources/sparse/profile')).body as ProfileBody, 'id')).toMatchObject({ present: 4, distinctEstimate: 4 });
    // Idempotent in the partitioned table too: each id claimed once in connector.explore_record_ids.
    expect((await database.query('SELECT count(*)::int AS rows FROM connector.explore_records WHERE run_id = $1', [run.runId])).rows[0].rows).toBe(4);
  }, 180000);

  it("keeps Explore in day partitions made ahead: deletes a source's expired rows from a partition another source keeps, then drops it whole", async () => {
    const dayMs = 86_400_000;
    const today = Math.floor(Date.now() / dayMs) * dayMs;
    const partitionName = (day: number) => `explore_records_p${new Date(day).toISOString().slice(0, 10).replace(/-/g, '')}`;
    const partitions = async () =>
      (await database.query("SELECT child.relname AS name FROM pg_inherits JOIN pg_class child ON child.oid = inhrelid WHERE inhparent = 'connector.explore_records'::regclass")).rows.map(
        (row: { name: string }) => row.name,
      );
    expect(await partitions()).toEqual(expect.arrayContaining([0, 1, 2, 3].map((days) => partitionName(today + days * dayMs))));

    // Ten days ago: two records of sparse (kept 7 days) and one of fake-names (no retention of its own: the default, 12 days).
    const old = today - 10 * dayMs;
    await database.query(`CREATE TABLE connector.${partitionName(old)} PARTITION OF connector.explore_records FOR VALUES FROM ($$${new Date(old).toISOString()}$$) TO ($$${new Date(old + dayMs).toISOString()}$$)`);
    const sparseIds = (await database.query("SELECT record_id FROM connector.explore_records WHERE source_id = 'sparse' ORDER BY position_index LIMIT 2")).rows.map((row: { record_id: string }) => row.record_id);
    const keptId = (await database.query("SELECT record_id FROM connector.explore_records WHERE source_id = 'fake-names' AND position_index = 0")).rows[0].record_id as string;
    for (const table of ['connector.explore_records', 'connector.explore_record_ids']) {
      await database.query(`UPDATE ${table} SET explored_at = $1 WHERE record_id = ANY($2::uuid[])`, [new Date(old + 3_600_000), [...sparseIds, keptId]]);
    }
    const stored = async (ids: string[]) => ({
      records: (await database.query('SELECT count(*)::int AS n FROM connector.explore_records WHERE record_id = ANY($1::uuid[])', [ids])).rows[0].n as number,
      ids: (await database.query('SELECT count(*)::int AS n FROM connector.explore_record_ids WHERE record_id = ANY($1::uuid[])', [ids])).rows[0].n as number,
    });
    await waitFor(async () => (await stored(sparseIds)).records === 0, { timeoutMs: 30000, intervalMs: 250, description: "sparse's expired records deleted" });
    expect(await stored(sparseIds)).toEqual({ records: 0, ids: 0 });
    expect(await stored([keptId])).toEqual({ records: 1, ids: 1 });
    expect(await partitions()).toContain(partitionName(old));
    expect((await database.query("SELECT count(*)::int AS n FROM connector.explore_records WHERE source_id = 'sparse'")).rows[0].n).toBe(2);

    // Once fake-names keeps its records 5 days, nothing in the partition is kept: it is dropped whole, and its ids forgotten.
    await database.query(`UPDATE connector.sources SET config = config || '{"exploreRetentionDays": 5}' WHERE source_id = 'fake-names'`);
    await waitFor(async () => !(await partitions()).includes(partitionName(old)), { timeoutMs: 30000, intervalMs: 250, description: 'the old partition dropped' });
    await waitFor(async () => (await stored([keptId])).ids === 0, { timeoutMs: 30000, intervalMs: 250, description: "the dropped partition's ids forgotten" });
    expect((await database.query("SELECT count(*)::int AS n FROM connector.explore_records WHERE source_id = 'fake-names'")).rows[0].n).toBe(2999);
  }, 120000);

  it('keeps the records of sources without a retention of their own, pushed ones included, for the default days; a push source registered through the public API keeps its own', async () => {
    const dayMs = 86_400_000;
    const today = Math.floor(Date.now() / dayMs) * dayMs;
    const partitionName = (day: number) => `explore_records_p${new Date(day).toISOString().slice(0, 10).replace(/-/g, '')}`;
    const gateway = stack.services.gateway.baseUrl;
    const headers = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' };
    // Push sources registered for their settings: one kept for good despite the default (null), one kept 3 days.
    for (const [sourceId, exploreRetentionDays] of [['kept-pushes', null], ['short-pushes', 3]] as const) {
      const created = await fetch(`${gateway}/api/v1/sources`, { method: 'POST', headers, body: JSON.stringify({ sourceId, type: 'push', config: { exploreRetentionDays } }) });
      expect(created.status).toBe(201);
    }
    expect((await fetch(`${gateway}/api/v1/sources/short-pushes/runs`, { method: 'POST', headers })).status).toBe(409);
    // pushed-only has no row in connector.sources: the default (12 days) applies.
    for (const [sourceId, count] of [['pushed-only', 3], ['kept-pushes', 1], ['short-pushes', 1]] as const) {
      const pushed = await fetch(`${gateway}/api/v1/sources/${sourceId}/records`, { method: 'POST', headers, body: JSON.stringify(Array.from({ length: count }, (_, id) => ({ id }))) });
      expect(pushed.status).toBe(202);
    }
    const idsOf = async (sourceId: string) =>
      (await database.query('SELECT record_id FROM connector.explore_records WHERE source_id = $1 ORDER BY record_id', [sourceId])).rows.map((row: { record_id: string }) => row.record_id);
    await waitFor(async () => (await idsOf('pushed-only')).length === 3 && (await idsOf('kept-pushes')).length === 1 && (await idsOf('short-pushes')).length === 1, {
      timeoutMs: 60000,
      intervalMs: 250,
      description: 'the pushed records in Explore',
    });
    const [pushedOnly, kept, short] = [await idsOf('pushed-only'), await idsOf('kept-pushes'), await idsOf('short-pushes')];

    // 13 days ago: two pushed-only records beside the kept-pushes one; 14 days ago: pushed-only's third alone;
    // 5 days ago: short-pushes' record. Created and filled in one transaction, so maintenance never sees them empty.
    const placed: Array<[number, string[]]> = [[today - 13 * dayMs, [...pushedOnly.slice(0, 2), ...kept]], [today - 14 * dayMs, pushedOnly.slice(2)], [today - 5 * dayMs, short]];
    const client = await database.connect();
    try {
      await client.query('BEGIN');
      for (const [day, ids] of placed) {
        await client.query(`CREATE TABLE connector.${partitionName(day)} PARTITION OF connector.explore_records FOR VALUES FROM ($$${new Date(day).toISOString()}$$) TO ($$${new Date(day + dayMs).toISOString()}$$)`);
        for (const table of ['connector.explore_records', 'connector.explore_record_ids']) {
          await client.query(`UPDATE ${table} SET explored_at = $1 WHERE record_id = ANY($2::uuid[])`, [new Date(day + 3_600_000), ids]);
        }
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const storedIds = async (ids: string[]) => (await database.query('SELECT count(*)::int AS n FROM connector.explore_record_ids WHERE record_id = ANY($1::uuid[])', [ids])).rows[0].n as number;
    const partitions = async () =>
      (await database.query("SELECT child.relname AS name FROM pg_inherits JOIN pg_class child ON child.oid = inhrelid WHERE inhparent = 'connector.explore_records'::regclass")).rows.map(
        (row: { name: string }) => row.name,
      );
    await waitFor(async () => (await storedIds([...pushedOnly, ...short])) === 0, { timeoutMs: 30000, intervalMs: 250, description: 'the expired pushed records deleted and their ids forgotten' });
    // The partition of 13 days ago stays for kept-pushes; pushed-only's rows were deleted from it. The others were dropped whole.
    expect({ pushedOnly: (await idsOf('pushed-only')).length, kept: await idsOf('kept-pushes'), keptIds: await storedIds(kept), short: (await idsOf('short-pushes')).length }).toEqual({
      pushedOnly: 0,
      kept,
      keptIds: 1,
      short: 0,
    });
    const remaining = await partitions();
    expect([13, 14, 5].map((days) => remaining.includes(partitionName(today - days * dayMs)))).toEqual([true, false, false]);
  }, 120000);
});
