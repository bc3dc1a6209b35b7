import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Producer } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { DeadLetter, TOPICS } from '@atlas/contracts';
import { PipelineStack, readTopic, REPOSITORY_ROOT, startPipelineStack, stopPipelineStack, TEST_API_KEY, testKafka, waitFor } from '@atlas/testing';
import { generatePeople } from '../../../scripts/people-dataset';
import { waitForRuns } from '../../../scripts/pipeline-client';

const run = promisify(execFile);
const CLIENT_SCRIPT = join(REPOSITORY_ROOT, 'scripts', 'openlineage-client', 'post_events.py');
const SHOP_DB = 'postgres://shop-db:5432';

const CORE = 'https://openlineage.io/spec/2-0-2/OpenLineage.json';
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python';
const base = (kind: string) => ({ eventTime: '2026-11-29T10:00:00.000Z', producer: PRODUCER, schemaURL: `${CORE}#/$defs/${kind}` });
const facet = (name: string, version: string) => ({ _producer: PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}` });
const WAREHOUSE = 'postgres://warehouse:5432';
const RUN_ID = '0190f1b2-3c4d-7e5f-8a6b-7c8d9e0f1a2b';

interface GraphNode { id: string; type: string; depth: number; data: Record<string, unknown>; inEdges: unknown[]; outEdges: unknown[]; moreUpstream: number; moreDownstream: number }

function runEvent(eventType: string, eventTime: string, runId = RUN_ID): Record<string, unknown> {
  return {
    ...base('RunEvent'),
    eventTime,
    eventType,
    run: { runId },
    job: { namespace: 'airflow', name: 'shop.load_customers', facets: { sql: { ...facet('SQLJobFacet', '1-1-0'), query: 'INSERT INTO analytics SELECT * FROM customers' } } },
    inputs: [{ namespace: WAREHOUSE, name: 'shop.public.customers', facets: { schema: { ...facet('SchemaDatasetFacet', '1-2-0'), fields: [{ name: 'id', type: 'INT' }, { name: 'email', type: 'TEXT' }] } } }],
    outputs: [
      {
        namespace: WAREHOUSE,
        name: 'analytics.public.customers',
        facets: {
          columnLineage: {
            ...facet('ColumnLineageDatasetFacet', '1-2-0'),
            fields: {
              email: { inputFields: [{ namespace: WAREHOUSE, name: 'shop.public.customers', field: 'email', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] }] },
              id: { inputFields: [{ namespace: WAREHOUSE, name: 'shop.public.customers', field: 'id', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY', masking: false }] }] },
            },
          },
        },
      },
    ],
  };
}

const jobEvent = (name: string, inputs: string[], outputs: string[]) => ({
  ...base('JobEvent'),
  job: { namespace: 'graph-test', name },
  inputs: inputs.map((dataset) => ({ namespace: 'graph-test', name: dataset })),
  outputs: outputs.map((dataset) => ({ namespace: 'graph-test', name: dataset })),
});

describe('lineage: OpenLineage in through the gateway, the graph out', () => {
  let stack: PipelineStack;
  let database: Pool;
  let producer: Producer;
  /** The official client's Python, installed (pinned, from PyPI) by scripts/openlineage-client/install.sh. */
  let python: string;
  /** The ingestion run pushed through the gateway by the pipeline test, for the record provenance test. */
  let pushedRunId: string;
  const gateway = () => request(stack.services.gateway.baseUrl);
  const auth = { Authorization: `Bearer ${TEST_API_KEY}` };
  const count = async (sql: string, parameters: unknown[] = []) => Number((await database.query(sql, parameters)).rows[0].count);
  const graph = async (query: string) => (await gateway().get(`/api/v1/lineage?${query}`).set(auth).expect(200)).body as { graph: GraphNode[]; truncated: boolean };

  beforeAll(async () => {
    python = (await run('bash', [join(REPOSITORY_ROOT, 'scripts', 'openlineage-client', 'install.sh')], { timeout: 300000 })).stdout.trim();
    ({ stack, database } = await startPipelineStack(5100));
    producer = testKafka().producer();
    await producer.connect();
  }, 180000);

  afterAll(async () => {
    await producer?.disconnect();
    await stopPipelineStack({ stack, database });
  });

  it('needs an API key to post events and to read the graph', async () => {
    await gateway().post('/api/v1/lineage').send(runEvent('START', '2026-11-29T10:00:00.000Z')).expect(401);
    await gateway().get('/api/v1/lineage?nodeId=job:airflow:x').expect(401);
    await gateway().get('/api/v1/namespaces').expect(401);
    await request(stack.services.lineage.baseUrl).get('/api/v1/namespaces').expect(401);
  });

  it('stores a valid batch posted over HTTP, normalised, once even when posted twice', async () => {
    const batch = [runEvent('START', '2026-11-29T10:00:00.000Z'), runEvent('COMPLETE', '2026-11-29T10:05:00.000Z'), { ...base('DatasetEvent'), dataset: { namespace: WAREHOUSE, name: 'shop.public.orders' } }];
    await gateway().post('/api/v1/lineage').set(auth).send(batch).expect(202, { accepted: 3 });
    await waitFor(async () => (await count('SELECT count(*) FROM lineage.run_events WHERE run_id = $1 OR event_kind = $2', [RUN_ID, 'DatasetEvent'])) === 3, { timeoutMs: 30000, description: 'the posted events' });
    // The official clients post one event per request at /api/v1/lineage; a redelivery changes nothing.
    await gateway().post('/api/v1/lineage').set(auth).send(batch[1]).expect(202, { accepted: 1 });
    await gateway().post('/api/v1/lineage/batch').set(auth).send(batch).expect(202, { accepted: 3 });

    const runs = await gateway().get(`/api/v1/namespaces/airflow/jobs/${encodeURIComponent('shop.load_customers')}/runs`).set(auth).expect(200);
    expect(runs.body).toMatchObject({ totalCount: 1, runs: [{ id: RUN_ID, state: 'COMPLETED', startedAt: '2026-11-29T10:00:00.000Z', endedAt: '2026-11-29T10:05:00.000Z' }] });
    expect(runs.body.runs[0].inputs).toEqual([{ namespace: WAREHOUSE, name: 'shop.public.customers', version: expect.any(String) }]);
    expect(runs.body.runs[0].outputs).toEqual([{ namespace: WAREHOUSE, name: 'analytics.public.customers', version: null }]);

    const datasets = await gateway().get(`/api/v1/namespaces/${encodeURIComponent(WAREHOUSE)}/datasets`).set(auth).expect(200);
    expect(datasets.body.datasets.map((dataset: { name: string }) => dataset.name)).toEqual(['analytics.public.customers', 'shop.public.customers', 'shop.public.orders']);
    const versions = await gateway().get(`/api/v1/namespaces/${encodeURIComponent(WAREHOUSE)}/datasets/${encodeURIComponent('shop.public.customers')}/versions`).set(auth).expect(200);
    expect(versions.body).toMatchObject({ totalCount: 1, versions: [{ version: expect.any(String), fields: [{ name: 'id', type: 'INT' }, { name: 'email', type: 'TEXT' }] }] });
    const jobs = await gateway().get('/api/v1/namespaces/airflow/jobs').set(auth).expect(200);
    expect(jobs.body).toMatchObject({ totalCount: 1, jobs: [{ namespace: 'airflow', name: 'shop.load_customers', currentVersion: expect.any(String), latestRun: { id: RUN_ID, state: 'COMPLETED' } }] });
    // A job version is what the run's end says it did: its SQL, inputs and outputs (the START and RUNNING events make none).
    const jobVersions = await gateway().get(`/api/v1/namespaces/airflow/jobs/${encodeURIComponent('shop.load_customers')}/versions`).set(auth).expect(200);
    expect(jobVersions.body).toEqual({
      totalCount: 1,
      versions: [
        {
          version: jobs.body.jobs[0].currentVersion,
          createdAt: '2026-11-29T10:05:00.000Z',
          runId: RUN_ID,
          inputs: [`${WAREHOUSE}:shop.public.customers`],
          outputs: [`${WAREHOUSE}:analytics.public.customers`],
          facets: { sql: { query: 'INSERT INTO analytics SELECT * FROM customers' } },
        },
      ],
      nextCursor: null,
    });
    const namespaces = await gateway().get('/api/v1/namespaces').set(auth).expect(200);
    expect(namespaces.body.namespaces.map((namespace: { name: string }) => namespace.name)).toEqual(expect.arrayContaining(['airflow', WAREHOUSE]));
    const columns = await database.query('SELECT output_field, input_field, masking FROM lineage.column_edges ORDER BY output_field');
    expect(columns.rows).toEqual([
      { output_field: 'email', input_field: 'email', masking: true },
      { output_field: 'id', input_field: 'id', masking: false },
    ]);
    // A RUNNING event of the run travels the same partition after the re-posts: once it is in the log, they were consumed.
    await gateway().post('/api/v1/lineage').set(auth).send(runEvent('RUNNING', '2026-11-29T10:03:00.000Z')).expect(202, { accepted: 1 });
    await waitFor(async () => (await count("SELECT count(*) FROM lineage.run_events WHERE run_id = $1 AND event_type = 'RUNNING'", [RUN_ID])) === 1, { timeoutMs: 30000, description: 'the sentinel event' });
    expect(await count('SELECT count(*) FROM lineage.run_events WHERE run_id = $1', [RUN_ID])).toBe(3);
    const state = await database.query('SELECT state, started_at, ended_at FROM lineage.runs WHERE run_id = $1', [RUN_ID]);
    expect(state.rows).toEqual([{ state: 'COMPLETED', started_at: new Date('2026-11-29T10:00:00.000Z'), ended_at: new Date('2026-11-29T10:05:00.000Z') }]);
    expect([await count('SELECT count(*) FROM lineage.edges'), await count('SELECT count(*) FROM lineage.column_edges'), await count('SELECT count(*) FROM lineage.dataset_versions'), await count('SELECT count(*) FROM lineage.run_datasets')]).toEqual([2, 2, 1, 2]);

    // PII propagation: the e-mail column was masked on its way to analytics; the id column travels unmasked.
    const propagation = async (field: string) =>
      (await gateway().get('/api/v1/lineage/pii-propagation').query({ namespace: WAREHOUSE, name: 'shop.public.customers', field }).set(auth).expect(200)).body;
    expect(await propagation('email')).toEqual({
      column: { namespace: WAREHOUSE, name: 'shop.public.customers', field: 'email' },
      unmaskedDownstream: [],
      maskedAt: [
        {
          column: { namespace: WAREHOUSE, name: 'analytics.public.customers', field: 'email' },
          from: { namespace: WAREHOUSE, name: 'shop.public.customers', field: 'email' },
          job: { namespace: 'airflow', name: 'shop.load_customers' },
          runId: RUN_ID,
          transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }],
          // Another producer's masking names no Atlas policy version.
          policies: [],
        },
      ],
      truncated: false,
    });
    expect(await propagation('id')).toMatchObject({ unmaskedDownstream: [{ namespace: WAREHOUSE, name: 'analytics.public.customers', field: 'id', depth: 1 }], maskedAt: [], truncated: false });

    const around = await graph(`nodeId=${encodeURIComponent(`dataset:${WAREHOUSE}:shop.public.customers`)}&depth=2`);
    expect(around.truncated).toBe(false);
    expect(around.graph.map((node) => [node.id, node.depth])).toEqual([
      [`dataset:${WAREHOUSE}:shop.public.customers`, 0],
      ['job:airflow:shop.load_customers', 1],
      [`dataset:${WAREHOUSE}:analytics.public.customers`, 2],
    ]);
    expect(around.graph[0].data).toMatchObject({ fields: [{ name: 'id', type: 'INT' }, { name: 'email', type: 'TEXT' }] });
    expect(around.graph[1].data).toMatchObject({ latestRun: { id: RUN_ID, state: 'COMPLETED' } });
  });

  it('finds datasets and jobs by part of their name (GET /api/v1/lineage/search), case-insensitively and literally', async () => {
    const search = async (query: Record<string, string | number>) => (await gateway().get('/api/v1/lineage/search').query(query).set(auth).expect(200)).body;
    const all = await search({ q: 'CUSTOMERS' });
    expect(all.totalCount).toBe(3);
    expect(all.results.map((result: { type: string; nodeId: string }) => [result.type, result.nodeId])).toEqual([
      ['DATASET', `dataset:${WAREHOUSE}:analytics.public.customers`],
      ['JOB', 'job:airflow:shop.load_customers'],
      ['DATASET', `dataset:${WAREHOUSE}:shop.public.customers`],
    ]);
    expect((await search({ q: 'customers', filter: 'JOB' })).results.map((result: { name: string }) => result.name)).toEqual(['shop.load_customers']);
    expect(await search({ q: 'customers', limit: 1, namespace: WAREHOUSE })).toMatchObject({ totalCount: 2, results: [{ name: 'analytics.public.customers' }] });
    // `%` and `_` are text, not wildcards.
    expect(await search({ q: '%' })).toEqual({ results: [], totalCount: 0, nextCursor: null });
    // Each result opens its graph.
    await graph(`nodeId=${encodeURIComponent(all.results[1].nodeId)}&depth=1`);
    await gateway().get('/api/v1/lineage/search').set(auth).expect(400);
    await gateway().get('/api/v1/lineage/search').query({ q: 'x', filter: 'TABLE' }).set(auth).expect(400);
    await gateway().get('/api/v1/lineage/search').query({ q: 'x' }).expect(401);
  });

  it('refuses an invalid event over HTTP with 400 naming the schema path, and stores nothing of the batch', async () => {
    const otherRun = '0190f1b2-aaaa-7e5f-8a6b-7c8d9e0f1a2b';
    const invalid = { ...runEvent('START', '2026-11-29T11:00:00.000Z', otherRun), eventTime: 'yesterday' };
    const response = await gateway().post('/api/v1/lineage').set(auth).send([runEvent('START', '2026-11-29T11:00:00.000Z', otherRun), invalid]).expect(400);
    expect(response.body).toMatchObject({
      code: 'openlineage_invalid',
      refused: [{ index: 1, violations: [{ instancePath: '/eventTime', schemaPath: `${CORE}#/$defs/BaseEvent/properties/eventTime/format`, message: 'must match format "date-time"' }] }],
    });
    expect(JSON.stringify(response.body)).not.toContain('yesterday');
    // A later valid event of the same run travels the same partition: once it is stored, the refused batch would have been.
    await gateway().post('/api/v1/lineage').set(auth).send(runEvent('COMPLETE', '2026-11-29T11:05:00.000Z', otherRun)).expect(202);
    await waitFor(async () => (await count('SELECT count(*) FROM lineage.runs WHERE run_id = $1', [otherRun])) === 1, { timeoutMs: 30000, description: 'the valid event' });
    expect(await count("SELECT count(*) FROM lineage.run_events WHERE run_id = $1 AND event_type = 'START'", [otherRun])).toBe(0);
  });

  it('dead-letters an invalid event from the topic with a reason naming the schema path, and goes on', async () => {
    const invalid = { ...runEvent('START', '2026-11-29T12:00:00.000Z'), run: { runId: 'not-a-uuid' } };
    const validRun = '0190f1b2-bbbb-7e5f-8a6b-7c8d9e0f1a2b';
    await producer.send({ topic: TOPICS.LINEAGE_EVENTS, messages: [{ key: 'k', value: JSON.stringify(invalid), partition: 0 }, { key: 'k', value: JSON.stringify(runEvent('START', '2026-11-29T12:00:00.000Z', validRun)), partition: 0 }] });
    const letters = (await readTopic(TOPICS.DEAD_LETTER, (messages) => messages.some((message) => message.value!.toString().includes('"service":"lineage"'))))
      .map((message) => JSON.parse(message.value!.toString()) as DeadLetter)
      .filter((letter) => letter.service === 'lineage');
    expect(letters).toHaveLength(1);
    expect(letters[0].reason).toContain(`/run/runId must match format "uuid" (schema ${CORE}#/$defs/Run/properties/runId/format)`);
    await waitFor(async () => (await count('SELECT count(*) FROM lineage.runs WHERE run_id = $1', [validRun])) === 1, { timeoutMs: 30000, description: 'the event after the invalid one' });
  });

  it('walks a cycle without looping, and cuts a wide graph at maxNodes with a truncation flag and "more" counts', async () => {
    const outputs = Array.from({ length: 30 }, (_, index) => `wide-${String(index).padStart(2, '0')}`);
    await gateway()
      .post('/api/v1/lineage')
      .set(auth)
      .send([jobEvent('forward', ['a'], ['b']), jobEvent('backward', ['b'], ['a']), jobEvent('fan-out', ['b'], outputs)])
      .expect(202);
    await waitFor(async () => (await count("SELECT count(*) FROM lineage.run_events WHERE event_kind = 'JobEvent'")) === 3, { timeoutMs: 30000, description: 'the job events' });

    const cycle = await graph('nodeId=job:graph-test:forward&depth=20&maxNodes=1000');
    expect(cycle.truncated).toBe(false);
    expect(cycle.graph).toHaveLength(35);
    const depthOf = new Map(cycle.graph.map((node) => [node.id, node.depth]));
    expect(cycle.graph[0].id).toBe('job:graph-test:forward');
    expect(['dataset:graph-test:a', 'dataset:graph-test:b', 'job:graph-test:backward', 'job:graph-test:fan-out', 'dataset:graph-test:wide-29'].map((id) => depthOf.get(id))).toEqual([1, 1, 2, 2, 3]);

    const upstreamOnly = await graph('nodeId=dataset:graph-test:wide-00&upstreamDepth=1&downstreamDepth=0');
    expect(upstreamOnly.graph.map((node) => node.id)).toEqual(['dataset:graph-test:wide-00', 'job:graph-test:fan-out']);
    expect(upstreamOnly.graph[1]).toMatchObject({ moreUpstream: 1, moreDownstream: 29 });

    const cut = await graph('nodeId=job:graph-test:fan-out&upstreamDepth=0&downstreamDepth=1&maxNodes=10');
    expect(cut.truncated).toBe(true);
    expect(cut.graph).toHaveLength(10);
    expect(cut.graph[0]).toMatchObject({ id: 'job:graph-test:fan-out', moreDownstream: 21, moreUpstream: 1 });
    expect(cut.graph[0].outEdges).toHaveLength(9);

    // asOf: an output the job gained at 11:00 is not in the graph as it was at 10:30.
    await gateway().post('/api/v1/lineage').set(auth).send({ ...jobEvent('forward', ['a'], ['c']), eventTime: '2026-11-29T11:00:00.000Z' }).expect(202);
    await waitFor(async () => (await count("SELECT count(*) FROM lineage.datasets WHERE namespace = 'graph-test' AND name = 'c'")) === 1, { timeoutMs: 30000, description: 'the later job event' });
    const outputsOfForward = async (query: string) => (await graph(`nodeId=job:graph-test:forward&upstreamDepth=0&downstreamDepth=1${query}`)).graph.map((node) => node.id).sort();
    expect(await outputsOfForward('')).toEqual(['dataset:graph-test:b', 'dataset:graph-test:c', 'job:graph-test:forward']);
    expect(await outputsOfForward('&asOf=2026-11-29T10:30:00.000Z')).toEqual(['dataset:graph-test:b', 'job:graph-test:forward']);
    await gateway().get('/api/v1/lineage?nodeId=job:graph-test:forward&asOf=2026-11-29T09:00:00.000Z').set(auth).expect(404);
    await gateway().get('/api/v1/lineage?nodeId=job:graph-test:forward&asOf=yesterday').set(auth).expect(400);

    await gateway().get('/api/v1/lineage?nodeId=dataset:graph-test:never-seen').set(auth).expect(404);
    await gateway().get('/api/v1/lineage?nodeId=table:x:y').set(auth).expect(400);
    await gateway().get('/api/v1/lineage?nodeId=job:graph-test:forward&depth=21').set(auth).expect(400);
  });

  it('takes the events of the official Python client (openlineage-python), posted live with its HTTP transport and an API key', async () => {
    const post = (apiKey: string, ...options: string[]) => run(python, [CLIENT_SCRIPT, '--url', stack.services.gateway.baseUrl, '--api-key', apiKey, ...options], { timeout: 60000 });
    // A wrong key: the client's transport raises on the gateway's 401, and nothing is stored.
    const refused = await post('not-an-atlas-key').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('401 Client Error: Unauthorized for url: ');
    // Plain JSON, then gzip (HttpCompression.GZIP): START and COMPLETE of one run, a JobEvent and a DatasetEvent each time.
    const runIds = [(await post(TEST_API_KEY)).stdout.trim(), (await post(TEST_API_KEY, '--gzip')).stdout.trim()];
    await waitFor(async () => (await count("SELECT count(*) FROM lineage.runs WHERE run_id = ANY($1::uuid[]) AND state = 'COMPLETED'", [runIds])) === 2, {
      timeoutMs: 30000,
      description: 'the client’s two runs, completed',
    });
    await waitFor(async () => (await count("SELECT count(*) FROM lineage.datasets WHERE namespace = $1 AND name = 'shop.public.orders'", [SHOP_DB])) === 1, {
      timeoutMs: 30000,
      description: 'the client’s dataset event',
    });
    await waitFor(async () => (await count("SELECT count(*) FROM lineage.jobs WHERE name = 'shop.report'")) === 1, { timeoutMs: 30000, description: 'the client’s job event' });
    expect(await count('SELECT count(*) FROM lineage.run_events WHERE run_id = ANY($1::uuid[])', [runIds])).toBe(4);

    const around = await graph('nodeId=job:python-client:shop.load_customers&depth=2');
    expect(around.graph.map((node) => [node.id, node.depth]).sort()).toEqual([
      [`dataset:${SHOP_DB}:analytics.public.customers`, 1],
      [`dataset:${SHOP_DB}:shop.public.customers`, 1],
      ['job:python-client:shop.load_customers', 0],
      ['job:python-client:shop.report', 2],
    ]);
    expect(around.truncated).toBe(false);
    const runs = await gateway().get('/api/v1/namespaces/python-client/jobs/shop.load_customers/runs').set(auth).expect(200);
    expect(runs.body.totalCount).toBe(2);
    expect(runs.body.runs.map((clientRun: { id: string; state: string }) => [clientRun.id, clientRun.state]).sort()).toEqual(runIds.map((runId) => [runId, 'COMPLETED']).sort());
    // Its column lineage: e-mail masked on the way (md5), the id carried as it is.
    const email = await gateway().get('/api/v1/lineage/pii-propagation').query({ namespace: SHOP_DB, name: 'shop.public.customers', field: 'email' }).set(auth).expect(200);
    expect(email.body.unmaskedDownstream).toEqual([]);
    expect(email.body.maskedAt).toEqual([
      expect.objectContaining({ column: { namespace: SHOP_DB, name: 'analytics.public.customers', field: 'email' }, job: { namespace: 'python-client', name: 'shop.load_customers' } }),
    ]);
    const id = await gateway().get('/api/v1/lineage/pii-propagation').query({ namespace: SHOP_DB, name: 'shop.public.customers', field: 'id' }).set(auth).expect(200);
    expect(id.body.unmaskedDownstream).toEqual([{ namespace: SHOP_DB, name: 'analytics.public.customers', field: 'id', depth: 1 }]);
  });

  it('draws the pipeline’s own lineage from records pushed through the gateway', async () => {
    const people = generatePeople(20, { seed: 5 });
    const push = await gateway().post('/api/v1/sources/people/records').set(auth).send(people).expect(202);
    pushedRunId = push.body.runId;
    await waitForRuns(database, [push.body.runId], people.length, 60000);
    await waitFor(async () => (await count("SELECT count(*) FROM lineage.jobs WHERE name = 'connector.navigate'")) === 1, { timeoutMs: 30000, description: 'the navigate stage in the graph' });

    const pipeline = await graph('nodeId=job:atlas.people:pii-detection.protect&depth=10');
    const ids = pipeline.graph.map((node) => node.id);
    for (const job of ['job:atlas.people:connector.explore', 'job:atlas.people:pii-detection.protect', 'job:atlas.people:quality.validate', 'job:atlas.people:connector.navigate']) expect(ids).toContain(job);
    const protect = pipeline.graph.find((node) => node.id === 'job:atlas.people:pii-detection.protect')!;
    expect(protect.inEdges).toEqual([{ origin: expect.stringMatching(/^dataset:kafka:\/\/.+:atlas\.explore\.records\.v1\/people$/), destination: protect.id }]);
    expect(protect.outEdges).toEqual([{ origin: protect.id, destination: expect.stringMatching(/^dataset:kafka:\/\/.+:atlas\.protected\.records\.v1\/people$/) }]);
    // pii-detection marks the e-mail column as masked in its column lineage.
    const masked = await database.query(
      `SELECT edge.masking FROM lineage.column_edges edge JOIN lineage.datasets dataset ON dataset.dataset_id = edge.output_dataset_id
       WHERE dataset.name = 'atlas.protected.records.v1/people' AND edge.output_field = 'email'`,
    );
    expect(masked.rows).toEqual([{ masking: true }]);
    const explore = (await graph('nodeId=job:atlas.people:pii-detection.protect&upstreamDepth=1&downstreamDepth=0')).graph.find((node) => node.id.endsWith(':atlas.explore.records.v1/people'))!;
    const exploreTopic = explore.data as { namespace: string; name: string };
    const fromExplore = await gateway().get('/api/v1/lineage/pii-propagation').query({ namespace: exploreTopic.namespace, name: exploreTopic.name, field: 'email' }).set(auth).expect(200);
    expect(fromExplore.body.unmaskedDownstream).toEqual([]);
    // …under the policy version that protected the run's records (the default policy, version 1).
    expect(fromExplore.body.maskedAt).toEqual([
      expect.objectContaining({
        column: { namespace: exploreTopic.namespace, name: 'atlas.protected.records.v1/people', field: 'email' },
        job: { namespace: 'atlas.people', name: 'pii-detection.protect' },
        policies: [{ policyId: 'default', policyVersion: 1 }],
      }),
    ]);
    const namespaces = await gateway().get('/api/v1/namespaces').set(auth).expect(200);
    expect(namespaces.body.namespaces.map((namespace: { name: string }) => namespace.name)).toEqual(expect.arrayContaining(['atlas.people', 'airflow', 'graph-test', WAREHOUSE]));
  });

  it('gives a Navigate row’s provenance: source and position, run and stage runs, masking policy version, contract version and checks, trace id', async () => {
    const stageJobs = ['connector.explore', 'pii-detection.protect', 'quality.validate', 'connector.navigate'];
    const runProvenance = async () => (await gateway().get(`/api/v1/lineage/runs/${pushedRunId}/provenance`).set(auth).expect(200)).body;
    await waitFor(async () => {
      const { source, stages } = await runProvenance();
      return source?.state === 'COMPLETE' && stages.length === 4 && stages.every((stage: { state: string }) => stage.state === 'COMPLETE');
    }, { timeoutMs: 60000, description: 'every stage run of the pushed run, complete' });
    const { rows } = await database.query<{ record_id: string; position_index: number; trace_id: string; contract_id: string; contract_version: string; written_at: Date }>(
      'SELECT record_id, position_index, trace_id, contract_id, contract_version, written_at FROM connector.navigate_records WHERE run_id = $1 ORDER BY position_index LIMIT 1',
      [pushedRunId],
    );
    const [row] = rows;
    const provenance = await gateway().get(`/api/v1/lineage/records/${row.record_id}/provenance`).set(auth).expect(200);
    const version = await gateway().get(`/api/v1/contracts/${row.contract_id}/versions/${row.contract_version}`).set(auth).expect(200);
    const recordChecks = (version.body.sources as Array<{ sourceId: string; checks: Array<{ id: string; level: string }> }>).find((source) => source.sourceId === 'people')!.checks;
    const run = await runProvenance();
    expect(provenance.body).toEqual({
      recordId: row.record_id,
      sourceId: 'people',
      runId: pushedRunId,
      // Pushed over REST: a place in the run, no location in a source.
      position: { index: row.position_index, location: null },
      protection: { policyId: 'default', policyVersion: 1, maskedColumns: expect.arrayContaining(['email']) },
      contract: { contractId: '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10', contractVersion: '1.0.0', checks: expect.any(Array) },
      traceId: row.trace_id,
      writtenAt: row.written_at.toISOString(),
      source: run.source,
      stages: run.stages,
    });
    expect(row.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(provenance.body.source).toMatchObject({ job: { namespace: 'atlas.people', name: 'ingest.people' }, state: 'COMPLETE', recordCount: 20 });
    expect(provenance.body.stages.map((stage: { job: { name: string }; state: string }) => [stage.job.name, stage.state])).toEqual(stageJobs.map((job) => [job, 'COMPLETE']));
    expect(provenance.body.protection.maskedColumns).toEqual(run.maskingPolicies.filter((policy: { policyVersion: number }) => policy.policyVersion === 1).map((policy: { column: string }) => policy.column).sort());
    // Every record check of its contract version, each `fail` one passed (the row is in Navigate), the e-mail's among them.
    expect(provenance.body.contract.checks.map((check: { checkId: string }) => check.checkId)).toEqual(recordChecks.map((check) => check.id));
    expect(provenance.body.contract.checks.filter((check: { level: string; passed: boolean | null }) => check.level === 'fail' && check.passed !== true)).toEqual([]);
    expect(provenance.body.contract.checks).toContainEqual(expect.objectContaining({ field: 'email', level: 'fail', passed: true }));

    // The same row found by its typed dataset and business key (people's contract names no primary key: the key is the record id).
    const byKey = await gateway().get('/api/v1/lineage/records/provenance').query({ datasetId: 'people', key: row.record_id }).set(auth).expect(200);
    expect(byKey.body).toEqual(provenance.body);
    const byKeyRefusal = async (query: string, status: number) => (await gateway().get(`/api/v1/lineage/records/provenance?${query}`).set(auth).expect(status)).body.code;
    expect(await byKeyRefusal('datasetId=people&key=0190b8a4-0000-7000-8000-000000000000', 404)).toBe('row_not_found');
    expect(await byKeyRefusal('datasetId=people&key=not-a-uuid', 400)).toBe('invalid_key');
    expect(await byKeyRefusal(`datasetId=people&key=${row.record_id}&key=2`, 400)).toBe('invalid_key');
    expect(await byKeyRefusal(`datasetId=no-such-dataset&key=${row.record_id}`, 404)).toBe('dataset_not_found');

    await gateway().get('/api/v1/lineage/records/0190b8a4-0000-7000-8000-000000000000/provenance').set(auth).expect(404).expect((response) => expect(response.body.code).toBe('record_not_found'));
    await gateway().get('/api/v1/lineage/records/not-a-uuid/provenance').set(auth).expect(400);
    await gateway().get(`/api/v1/lineage/records/${row.record_id}/provenance`).expect(401);
  });
});
