import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Pool } from 'pg';
import request from 'supertest';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TEST_API_KEY, TEST_SERVICE_API_KEY, waitFor } from '@atlas/testing';

const SOURCE = 'gw-orders';
const CONTRACT = 'gw-orders-contract';
const PROBLEM_JSON = /^application\/problem\+json/;
const COLORS = ['red', 'blue', 'green'];
// 24 orders (pii-detection classifies a column from 20 sampled values); the third one's colour is too long for version 1.0.0.
const ROWS = 24;
const CSV = ['order_id,color,contact', ...Array.from({ length: ROWS }, (_unused, index) => `${index + 1},${index === 2 ? 'turquoise' : COLORS[index % 3]},customer${index}@example.org`), ''].join('\n');

/** The contract of the uploaded source: version 1.0.0 allows colours of at most 5 characters, 2.0.0 of 20. */
function ordersContract(version: string, maxLength: number): Record<string, unknown> {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: CONTRACT,
    version,
    status: 'active',
    schema: [
      {
        name: SOURCE,
        properties: [
          { name: 'order_id', logicalType: 'string', required: true },
          { name: 'color', logicalType: 'string', logicalTypeOptions: { maxLength } },
          { name: 'contact', logicalType: 'string' },
        ],
      },
    ],
  };
}

type Role = 'engineer' | 'analyst' | 'viewer' | 'producer';

describe('gateway: the one public API for sources, quality and PII, under the permission model', () => {
  const files = mkdtempSync(join(tmpdir(), 'atlas-gateway-uploads-'));
  let stack: PipelineStack;
  let database: Pool;
  let adminToken: string;
  const keys = {} as Record<Role, { id: string; key: string }>;
  let runId: string;

  const api = () => request(stack.services.gateway.baseUrl);
  const as = (credential: string) => ({ Authorization: `Bearer ${credential}` });
  const asRole = (role: Role) => as(keys[role].key);

  function expectProblem(response: request.Response, status: number, code: string, permission?: string): void {
    expect({ status: response.status, code: response.body.code, permission: response.body.permission }).toEqual({ status, code, permission });
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  }
  const expectDenied = (response: request.Response, permission: string) => expectProblem(response, 403, 'permission_denied', permission);
  const expectUnauthenticated = (response: request.Response) => expectProblem(response, 401, 'api_key_missing');

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4800, { CONNECTOR_FILE_DIRECTORY: files }));
    adminToken = (await api().post('/api/v1/auth/login').send({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }).expect(200)).body.accessToken;
    for (const role of ['engineer', 'analyst', 'viewer', 'producer'] as const) {
      const expiresAt = new Date(Date.now() + 86400_000).toISOString();
      const created = await api().post('/api/v1/api-keys').set(as(adminToken)).send({ name: `${role} key`, role, expiresAt }).expect(201);
      keys[role] = { id: created.body.id, key: created.body.key };
    }
  }, 240000);

  afterAll(async () => {
    await stopPipelineStack({ stack, database });
    rmSync(files, { recursive: true, force: true });
  });

  it('contracts: stored and activated by an engineer, read by an analyst, refused to a viewer; the service’s refusals relayed as problems', async () => {
    expectUnauthenticated(await api().get('/api/v1/contracts'));
    expectDenied(await api().get('/api/v1/contracts').set(asRole('viewer')), 'contracts:read');
    expectDenied(await api().post('/api/v1/contracts').set(asRole('analyst')).send(ordersContract('1.0.0', 5)), 'contracts:write');

    const created = await api().post('/api/v1/contracts').set(asRole('engineer')).send(ordersContract('1.0.0', 5)).expect(201);
    expect(created.body).toMatchObject({ contractId: CONTRACT, version: '1.0.0', activeFor: [] });
    await api().post('/api/v1/contracts').set(asRole('engineer')).send(ordersContract('1.0.0', 5)).expect(200);
    expectDenied(await api().post(`/api/v1/contracts/${CONTRACT}/versions/1.0.0/activate`).set(asRole('analyst')), 'contracts:write');
    const activated = await api().post(`/api/v1/contracts/${CONTRACT}/versions/1.0.0/activate`).set(asRole('engineer')).expect(200);
    expect(activated.body.activeFor).toEqual([SOURCE]);

    const listed = await api().get('/api/v1/contracts').set(asRole('analyst')).expect(200);
    expect(listed.body.items).toContainEqual(expect.objectContaining({ contractId: CONTRACT, active: [expect.objectContaining({ sourceId: SOURCE, version: '1.0.0' })] }));
    const version = await api().get(`/api/v1/contracts/${CONTRACT}/versions/1.0.0`).set(asRole('analyst')).expect(200);
    expect(version.body).toMatchObject({ contractId: CONTRACT, version: '1.0.0', activeFor: [SOURCE] });
    expect((await api().post('/api/v1/contracts/validate').set(asRole('analyst')).send(ordersContract('9.0.0', 5)).expect(200)).body.valid).toBe(true);
    const dryRun = await api().post(`/api/v1/contracts/${CONTRACT}/versions/1.0.0/dry-run`).set(asRole('analyst')).send({ records: [{ order_id: '9', color: 'turquoise' }] }).expect(200);
    expect(JSON.stringify(dryRun.body)).toContain('"fail"');

    // The quality service's 400 and 404 reach the caller as the gateway's problem documents, with their code and listed problems.
    const invalid = await api().post('/api/v1/contracts').set(asRole('engineer')).send({ ...ordersContract('3.0.0', 5), kind: undefined });
    expectProblem(invalid, 400, 'contract_invalid');
    expect(invalid.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(String), message: expect.any(String) })]));
    expectProblem(await api().get(`/api/v1/contracts/${CONTRACT}/versions/7.0.0`).set(asRole('analyst')), 404, 'not_found');
  }, 60000);

  it('sources: a file uploaded through the gateway (streamed) becomes a source whose run the roles follow as allowed', async () => {
    const upload = (headers: Record<string, string>, contentType = 'application/octet-stream') =>
      fetch(`${stack.services.gateway.baseUrl}/api/v1/sources/${SOURCE}/uploads?name=orders.csv`, {
        method: 'POST',
        headers: { ...headers, 'content-type': contentType },
        // Two chunks, sent as they come (chunked transfer), as a large file would be.
        body: Readable.from([Buffer.from(CSV.slice(0, 40)), Buffer.from(CSV.slice(40))]) as unknown as ReadableStream,
        duplex: 'half',
      } as RequestInit);
    expect((await upload({})).status).toBe(401);
    const refused = await upload(asRole('analyst'));
    expect({ status: refused.status, body: await refused.json() }).toMatchObject({ status: 403, body: { code: 'permission_denied', permission: 'sources:write' } });
    const notAStream = await upload(asRole('engineer'), 'text/csv');
    expect({ status: notAStream.status, body: await notAStream.json() }).toMatchObject({ status: 415, body: { code: 'upload_not_octet_stream' } });

    const accepted = await upload(asRole('engineer'));
    const uploaded = (await accepted.json()) as { path: string; bytes: number; run: { runId: string; sourceId: string } };
    expect({ status: accepted.status, bytes: uploaded.bytes, sourceId: uploaded.run.sourceId }).toEqual({ status: 202, bytes: Buffer.byteLength(CSV), sourceId: SOURCE });
    runId = uploaded.run.runId;

    // A viewer follows the run (runs:read) until the connector finished it.
    let run: { state: string; recordsPublished: number } = { state: 'queued', recordsPublished: 0 };
    await waitFor(
      async () => {
        run = (await api().get(`/api/v1/source-runs/${runId}`).set(asRole('viewer')).expect(200)).body;
        return run.state === 'succeeded';
      },
      { timeoutMs: 60000, description: 'the uploaded run to succeed' },
    );
    expect(run.recordsPublished).toBe(ROWS);
    const runs = await api().get('/api/v1/source-runs').query({ sourceId: SOURCE }).set(asRole('viewer')).expect(200);
    expect(runs.body.items.map((item: { runId: string }) => item.runId)).toEqual([runId]);
    expectDenied(await api().get('/api/v1/source-runs').set(asRole('producer')), 'runs:read');
    expectUnauthenticated(await api().get(`/api/v1/source-runs/${runId}`));

    expectDenied(await api().get(`/api/v1/sources/${SOURCE}`).set(asRole('viewer')), 'sources:read');
    const source = await api().get(`/api/v1/sources/${SOURCE}`).set(asRole('analyst')).expect(200);
    expect(source.body).toMatchObject({ sourceId: SOURCE, type: 'file', config: { format: 'csv', path: uploaded.path } });
    expect((await api().get('/api/v1/connectors').set(asRole('analyst')).expect(200)).body.map((connector: { type: string }) => connector.type)).toContain('file');
    // The environment key keeps what it could do on the connector's own port.
    expect((await api().get('/api/v1/sources').set(as(TEST_API_KEY)).expect(200)).body.items.map((item: { sourceId: string }) => item.sourceId)).toEqual([SOURCE]);

    const spec = { sourceId: 'gw-extra', type: 'file', config: { path: 'extra.csv', format: 'csv' } };
    expectDenied(await api().post('/api/v1/sources').set(asRole('analyst')).send(spec), 'sources:write');
    await api().post('/api/v1/sources').set(asRole('engineer')).send(spec).expect(201);
    const again = await api().post('/api/v1/sources').set(asRole('engineer')).send(spec);
    expectProblem(again, 409, 'conflict');
    expect(again.body.detail).toBe('Source gw-extra exists already');
    const bad = await api().post('/api/v1/sources').set(asRole('engineer')).send({ ...spec, sourceId: 'Not An Id' });
    expectProblem(bad, 400, 'validation_failed');
    expectDenied(await api().post(`/api/v1/source-runs/${runId}/cancel`).set(asRole('analyst')), 'sources:write');
    expectProblem(await api().post(`/api/v1/source-runs/${runId}/cancel`).set(asRole('engineer')), 409, 'conflict');
  }, 120000);

  it('quality: viewers read scores and results, analysts the (masked) quarantine, engineers replay', async () => {
    await waitForRuns(database, [runId], ROWS, 90000);
    expectUnauthenticated(await api().get(`/api/v1/quality/runs/${runId}/score`));
    expectDenied(await api().get(`/api/v1/quality/runs/${runId}/score`).set(asRole('producer')), 'quality:read');
    const score = await api().get(`/api/v1/quality/runs/${runId}/score`).set(asRole('viewer')).expect(200);
    expect(score.body).toMatchObject({ runId, sourceId: SOURCE, score: expect.any(Number) });
    const results = await api().get(`/api/v1/quality/runs/${runId}/results`).set(asRole('viewer')).expect(200);
    expect(JSON.stringify(results.body)).toContain(`${SOURCE}.color.max_length`);
    await api().get('/api/v1/quality/scores').query({ sourceId: SOURCE }).set(asRole('viewer')).expect(200);
    await api().get('/api/v1/quality/results').query({ sourceId: SOURCE }).set(asRole('viewer')).expect(200);

    expectDenied(await api().get('/api/v1/quarantine/records').set(asRole('viewer')), 'quarantine:read');
    const quarantined = await api().get('/api/v1/quarantine/records').query({ sourceId: SOURCE }).set(asRole('analyst')).expect(200);
    expect(quarantined.body.items).toHaveLength(1);
    const record = await api().get(`/api/v1/quarantine/records/${quarantined.body.items[0].recordId}`).set(asRole('analyst')).expect(200);
    expect(record.body.payload).toMatchObject({ color: 'turquoise' });
    expect(JSON.stringify(record.body)).not.toContain('customer2@example.org');

    expectDenied(await api().post('/api/v1/quarantine/replay').set(asRole('analyst')).send({ sourceId: SOURCE }), 'quarantine:replay');
    await api().post('/api/v1/contracts').set(asRole('engineer')).send(ordersContract('2.0.0', 20)).expect(201);
    await api().post(`/api/v1/contracts/${CONTRACT}/versions/2.0.0/activate`).set(asRole('engineer')).expect(200);
    const replayed = await api().post('/api/v1/quarantine/replay').set(asRole('engineer')).send({ sourceId: SOURCE }).expect(200);
    expect(replayed.body).toMatchObject({ judged: 1, released: 1, stillQuarantined: 0 });
    const single = await api().post(`/api/v1/quarantine/records/${quarantined.body.items[0].recordId}/replay`).set(asRole('engineer')).expect(200);
    expect(single.body.outcome).toBe('already_released');
  }, 150000);

  it('PII: classifications and policies read by analysts and changed by admins only; the Presidio API under pii:analyze, keyed operators under pii:admin', async () => {
    expectDenied(await api().get('/api/v1/pii/classifications').query({ sourceId: SOURCE }).set(asRole('viewer')), 'pii:read');
    const classified = await api().get('/api/v1/pii/classifications').query({ sourceId: SOURCE }).set(asRole('analyst')).expect(200);
    expect(classified.body.items.map((column: { field: string }) => column.field)).toEqual(expect.arrayContaining(['color', 'contact']));
    const decision = { class: 'non_personal' };
    expectDenied(await api().put(`/api/v1/pii/classifications/${SOURCE}/color`).set(asRole('engineer')).send(decision), 'pii:admin');
    const decided = await api().put(`/api/v1/pii/classifications/${SOURCE}/color`).set(as(adminToken)).send(decision).expect(200);
    expect(decided.body).toMatchObject({ sourceId: SOURCE, field: 'color', class: 'non_personal', decidedBy: 'user' });

    const policy = { sourceId: SOURCE, rules: { DEFAULT: { operator: 'replace' }, EMAIL_ADDRESS: { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } } } };
    expectDenied(await api().put('/api/v1/policies/gw-orders-policy').set(asRole('engineer')).send(policy), 'pii:admin');
    await api().put('/api/v1/policies/gw-orders-policy').set(as(adminToken)).send(policy).expect(201);
    expectDenied(await api().get('/api/v1/policies/gw-orders-policy').set(asRole('viewer')), 'pii:read');
    expect((await api().get('/api/v1/policies/gw-orders-policy').set(asRole('analyst')).expect(200)).body).toMatchObject({ policyId: 'gw-orders-policy' });
    const badPolicy = await api().put('/api/v1/policies/gw-orders-policy').set(as(adminToken)).send({ sourceId: SOURCE, rules: { DEFAULT: { operator: 'explode' } } });
    expectProblem(badPolicy, 400, 'validation_failed');

    const text = 'Write to ann.novak@example.org today';
    expectUnauthenticated(await api().post('/api/v1/pii/analyze').send({ text, language: 'en' }));
    expectDenied(await api().post('/api/v1/pii/analyze').set(asRole('viewer')).send({ text, language: 'en' }), 'pii:analyze');
    const analyzed = await api().post('/api/v1/pii/analyze').set(asRole('analyst')).send({ text, language: 'en' }).expect(200);
    expect(analyzed.body).toContainEqual(expect.objectContaining({ entity_type: 'EMAIL_ADDRESS', start: 9, end: 30 }));
    const found = [{ entity_type: 'EMAIL_ADDRESS', start: 9, end: 30, score: 1 }];
    const replaced = await api().post('/api/v1/pii/anonymize').set(asRole('analyst')).send({ text, analyzer_results: found }).expect(200);
    expect(replaced.body.text).toBe('Write to <EMAIL_ADDRESS> today');
    const keyed = { text, analyzer_results: found, anonymizers: { EMAIL_ADDRESS: { type: 'hash' } } };
    expectDenied(await api().post('/api/v1/pii/anonymize').set(asRole('analyst')).send(keyed), 'pii:admin');
    const hashed = await api().post('/api/v1/pii/anonymize').set(as(adminToken)).send(keyed).expect(200);
    expect(hashed.body.text).not.toContain('ann.novak');
  }, 60000);

  it('lineage through the shared client, and every change made through the services in the audit log', async () => {
    const events = await api().get(`/api/v1/lineage/runs/${runId}/events`).set(asRole('analyst')).expect(200);
    expect(events.body.items.map((event: { job: { name: string } }) => event.job.name)).toContain('connector.explore');

    const audit = await api().get('/api/v1/audit').query({ limit: 200 }).set(as(adminToken)).expect(200);
    const changes = (audit.body.items as Array<{ actor: string; action: string; targetId: string | null; outcome: string; details: Record<string, unknown> }>)
      .filter((entry) => !['login', 'user.create', 'api-key.create'].includes(entry.action))
      .map(({ actor, action, targetId, outcome, details }) => ({ actor, action, targetId, outcome, status: details.status }))
      .reverse();
    const engineer = `api-key:${keys.engineer.id}`;
    expect(changes).toEqual([
      { actor: engineer, action: 'contract.create', targetId: `${CONTRACT}@1.0.0`, outcome: 'succeeded', status: 201 },
      { actor: engineer, action: 'contract.create', targetId: `${CONTRACT}@1.0.0`, outcome: 'succeeded', status: 200 },
      { actor: engineer, action: 'contract.activate', targetId: `${CONTRACT}@1.0.0`, outcome: 'succeeded', status: 200 },
      { actor: engineer, action: 'contract.create', targetId: `${CONTRACT}@3.0.0`, outcome: 'failed', status: 400 },
      { actor: engineer, action: 'source.upload', targetId: SOURCE, outcome: 'succeeded', status: 202 },
      { actor: engineer, action: 'source.create', targetId: 'gw-extra', outcome: 'succeeded', status: 201 },
      { actor: engineer, action: 'source.create', targetId: 'gw-extra', outcome: 'failed', status: 409 },
      { actor: engineer, action: 'source-run.cancel', targetId: runId, outcome: 'failed', status: 409 },
      { actor: engineer, action: 'contract.create', targetId: `${CONTRACT}@2.0.0`, outcome: 'succeeded', status: 201 },
      { actor: engineer, action: 'contract.activate', targetId: `${CONTRACT}@2.0.0`, outcome: 'succeeded', status: 200 },
      { actor: engineer, action: 'quarantine.replay-selection', targetId: SOURCE, outcome: 'succeeded', status: 200 },
      { actor: engineer, action: 'quarantine.replay', targetId: expect.any(String), outcome: 'succeeded', status: 200 },
      { actor: expect.stringMatching(/^user:/), action: 'classification.decide', targetId: `${SOURCE}/color`, outcome: 'succeeded', status: 200 },
      { actor: expect.stringMatching(/^user:/), action: 'policy.change', targetId: 'gw-orders-policy', outcome: 'succeeded', status: 201 },
      { actor: expect.stringMatching(/^user:/), action: 'policy.change', targetId: 'gw-orders-policy', outcome: 'failed', status: 400 },
      { actor: expect.stringMatching(/^user:/), action: 'pii.anonymize-keyed', targetId: null, outcome: 'succeeded', status: 200 },
    ]);
  }, 30000);

  it('lists page one way end to end: walked two at a time, the pages make the whole list in order; foreign cursors and bounds refused', async () => {
    const admin = as(adminToken);
    type Item = Record<string, unknown>;
    /** The list read whole (limit 500), and walked two at a time: the same items, in the same order. */
    const walk = async (path: string, query: Record<string, string>, itemsName: string, keyOf: (item: Item) => unknown = (item) => item): Promise<Item[]> => {
      const whole = (await api().get(path).query({ ...query, limit: 500 }).set(admin).expect(200)).body;
      expect({ path, nextCursor: whole.nextCursor }).toEqual({ path, nextCursor: null });
      const walked: Item[] = [];
      let cursor: string | null = null;
      for (let page = 0; page === 0 || (cursor !== null && page < 200); page++) {
        const answer: request.Response = await api().get(path).query({ ...query, limit: 2, ...(cursor === null ? {} : { cursor }) }).set(admin).expect(200);
        expect(answer.body[itemsName].length).toBeLessThanOrEqual(2);
        walked.push(...answer.body[itemsName]);
        cursor = answer.body.nextCursor;
      }
      expect({ path, walked: walked.map(keyOf) }).toEqual({ path, walked: (whole[itemsName] as Item[]).map(keyOf) });
      return whole[itemsName];
    };
    const events = await walk(`/api/v1/lineage/runs/${runId}/events`, {}, 'items');
    expect(events.length).toBeGreaterThan(2);
    expect((await walk('/api/v1/pii/findings', { sourceId: SOURCE }, 'items')).map((row) => row.field)).toContain('contact');
    expect((await walk('/api/v1/quality/results', { sourceId: SOURCE }, 'items')).length).toBeGreaterThan(2);
    expect((await walk('/api/v1/contracts', {}, 'items')).map((contract) => contract.contractId)).toContain(CONTRACT);
    expect((await walk('/api/v1/policies', {}, 'items')).map((policy) => policy.policyId)).toContain('gw-orders-policy');
    expect((await walk('/api/v1/pii/classifications', { sourceId: SOURCE }, 'items', (column) => column.field)).length).toBeGreaterThanOrEqual(2);
    await walk(`/api/v1/quality/runs/${runId}/windows`, {}, 'items');
    await walk('/api/v1/quality/anomalies', { sourceId: SOURCE }, 'items');
    // The Marquez-compatible listings: Marquez's names and totalCount, the same cursor pages (lineage keeps updating last-seen times: compared by name).
    const byName = (item: Item) => item.name;
    const namespaces = await walk('/api/v1/namespaces', {}, 'namespaces', byName);
    expect((await api().get('/api/v1/namespaces').query({ limit: 1 }).set(admin).expect(200)).body).toMatchObject({ namespaces: [expect.any(Object)], totalCount: namespaces.length });
    for (const { name: namespace } of namespaces as Array<{ name: string }>) {
      const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
      const datasets = await walk(`${path}/datasets`, {}, 'datasets', byName);
      const jobs = await walk(`${path}/jobs`, {}, 'jobs', byName);
      if (datasets[0]) await walk(`${path}/datasets/${encodeURIComponent(String(datasets[0].name))}/versions`, {}, 'versions', (version) => version.version);
      if (jobs[0]) {
        await walk(`${path}/jobs/${encodeURIComponent(String(jobs[0].name))}/versions`, {}, 'versions', (version) => version.version);
        await walk(`${path}/jobs/${encodeURIComponent(String(jobs[0].name))}/runs`, {}, 'runs', (run) => run.id);
      }
    }
    expect((await walk('/api/v1/lineage/search', { q: 'explore' }, 'results', (result) => result.nodeId)).length).toBeGreaterThan(0);
    await walk('/api/v1/lineage/search', { q: 'explore', sort: 'UPDATE_AT' }, 'results', (result) => result.nodeId);

    // One list's cursor is no other's (nor the same list's for other filters); bounds are checked at the gateway.
    const classificationsCursor = (await api().get('/api/v1/pii/classifications').query({ sourceId: SOURCE, limit: 1 }).set(admin).expect(200)).body.nextCursor;
    expectProblem(await api().get('/api/v1/policies').query({ cursor: classificationsCursor }).set(admin), 400, 'cursor_invalid');
    expectProblem(await api().get('/api/v1/pii/classifications').query({ sourceId: 'gw-extra', cursor: classificationsCursor }).set(admin), 400, 'cursor_invalid');
    expectProblem(await api().get('/api/v1/namespaces').query({ cursor: classificationsCursor }).set(admin), 400, 'cursor_invalid');
    expectProblem(await api().get('/api/v1/quality/results').query({ sourceId: SOURCE, limit: 501 }).set(admin), 400, 'validation_failed');
    expectProblem(await api().get('/api/v1/namespaces').query({ offset: 10 }).set(admin), 400, 'validation_failed');
  }, 60000);

  it("the services' own ports: every client credential gets 401 on their data routes, health and metrics stay public; the gateway refuses the service credential", async () => {
    const services = ['connector', 'pii-detection', 'quality', 'lineage'] as const;
    // Reads, which the service credential gets (so the routes exist and only the credential decides) ...
    const reads: Record<(typeof services)[number], string[]> = {
      connector: ['/api/v1/sources', '/api/v1/runs', '/api/v1/connectors'],
      'pii-detection': [`/api/v1/pii/classifications?sourceId=${SOURCE}`, '/recognizers'],
      quality: ['/api/v1/contracts', '/api/v1/quarantine/records'],
      lineage: ['/api/v1/namespaces'],
    };
    // ... and changes, refused before anything runs.
    const changes: Record<(typeof services)[number], string[]> = {
      connector: ['/api/v1/sources', '/internal/v1/subjects/records/search'],
      'pii-detection': ['/analyze', '/api/v1/vault/detokenize', '/api/v1/dead-letters/unseal'],
      quality: ['/api/v1/quarantine/replay', '/internal/v1/subjects/records/erase'],
      lineage: [],
    };
    const clientCredentials = {
      'an ATLAS_API_KEYS key': TEST_API_KEY,
      "an admin's access token": adminToken,
      'an engineer key created through the gateway': keys.engineer.key,
      'a producer key created through the gateway': keys.producer.key,
    };
    const refusals: string[] = [];
    for (const service of services) {
      const port = () => request(stack.services[service].baseUrl);
      for (const path of ['/health/live', '/health/ready', '/metrics']) expect({ service, path, status: (await port().get(path)).status }).toEqual({ service, path, status: 200 });
      for (const path of reads[service]) expect({ service, path, status: (await port().get(path).set(as(TEST_SERVICE_API_KEY))).status }).toEqual({ service, path, status: 200 });
      for (const [name, credential] of Object.entries(clientCredentials)) {
        for (const [method, path] of [...reads[service].map((path) => ['GET', path]), ...changes[service].map((path) => ['POST', path])]) {
          const call = method === 'GET' ? port().get(path) : port().post(path).send({ token: 'tok_aaaaaaaaaaaaaaaaaaaaaaaaaa' });
          const response = await call.set(as(credential));
          if (response.status !== 401 || response.body.code !== 'api_key_invalid') refusals.push(`${name}: ${method} ${service}${path} → ${response.status} ${response.body.code}`);
        }
      }
    }
    expect(refusals).toEqual([]);
    // The gateway, for its part, never takes the service credential from a client.
    expectProblem(await api().get('/api/v1/contracts').set(as(TEST_SERVICE_API_KEY)), 401, 'api_key_invalid');
  }, 60000);
});
