import { Pool } from 'pg';
import request from 'supertest';
import { generatePeople, isValidPerson } from '../../../scripts/people-dataset';
import { runOutcome, waitForRuns } from '../../../scripts/pipeline-client';
import {
  PipelineStack,
  startPipelineStack,
  stopPipelineStack,
  TEST_API_KEY,
  TEST_SERVICE_API_KEY,
  waitFor,
} from '@atlas/testing';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const STAGE_JOBS = ['connector.explore', 'pii-detection.protect', 'quality.validate', 'connector.navigate'];

interface StoredEvent {
  eventType: string;
  job: { name: string };
  run: { runId: string; facets: { atlas_recordCount: { recordCount: number }; parent?: { run: { runId: string } } } };
}

describe('the walking skeleton: a push travels through every service', () => {
  let stack: PipelineStack;
  const gateway = () => stack.services.gateway.baseUrl;
  let database: Pool;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4100));
  }, 180000);

  afterAll(() => stopPipelineStack({ stack, database }));

  it('lands raw records in Explore, masks e-mails, quarantines contract failures, writes Navigate and lineage', async () => {
    const people = generatePeople(300, { seed: 11 });
    const expectedValid = people.filter(isValidPerson).length;
    expect(expectedValid).toBeLessThan(people.length);

    const response = await request(gateway())
      .post('/api/v1/sources/people/records')
      .set('Authorization', `Bearer ${TEST_API_KEY}`)
      .send(people)
      .expect(202);
    const { runId, traceId, accepted } = response.body as { runId: string; traceId: string; accepted: number };
    expect(accepted).toBe(300);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const outcome = await waitForRuns(database, [runId], people.length, 60000);
    expect(outcome).toEqual({ explored: 300, navigated: expectedValid, quarantined: 300 - expectedValid });

    // Explore keeps the raw record byte for byte; Navigate holds no raw e-mail address anywhere.
    const explore = await database.query('SELECT position_index, payload FROM connector.explore_records WHERE run_id = $1', [runId]);
    for (const row of explore.rows) expect(row.payload).toEqual(people[row.position_index]);
    const navigate = await database.query(
      'SELECT position_index, payload, policy_id, policy_version, contract_id, trace_id FROM connector.navigate_records WHERE run_id = $1',
      [runId],
    );
    for (const row of navigate.rows) {
      const original = people[row.position_index];
      expect(JSON.stringify(row.payload)).not.toMatch(EMAIL);
      // The default policy replaces every entity with its type.
      expect(row.payload.email).toBe('<EMAIL_ADDRESS>');
      expect(row.payload.name).toBe('<PERSON>');
      expect(row.payload.phone).toBe('<PHONE_NUMBER>');
      expect(row.payload.id).toBe(original.id);
      if (EMAIL.test(original.notes)) expect(row.payload.notes).toContain('<EMAIL_ADDRESS>');
      expect(row).toMatchObject({ policy_id: 'default', policy_version: 1, contract_id: '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10' });
      // One trace follows the record from the gateway request through every service.
      expect(row.trace_id).toBe(traceId);
    }

    const quarantine = await database.query('SELECT position_index, reasons, payload FROM quality.quarantined_records WHERE run_id = $1', [runId]);
    for (const row of quarantine.rows) {
      expect(people[row.position_index].email).toBeNull();
      expect(row.reasons).toEqual([expect.objectContaining({ rule: 'not_null', field: 'email' })]);
      expect(JSON.stringify(row.payload)).not.toMatch(EMAIL);
    }

    // Every stage reported one run under the ingestion run: START, then COMPLETE with every record counted.
    let events: StoredEvent[] = [];
    const completedCounts = () => {
      const counts: Record<string, number> = {};
      for (const event of events) if (event.eventType === 'COMPLETE') counts[event.job.name] = event.run.facets.atlas_recordCount.recordCount;
      return counts;
    };
    await waitFor(
      async () => {
        const lineage = await request(stack.services.lineage.baseUrl)
          .get(`/api/v1/lineage/runs/${runId}/events`)
          .query({ limit: 500 })
          .set('X-API-Key', TEST_SERVICE_API_KEY)
          .expect(200);
        events = lineage.body.items;
        return Object.keys(completedCounts()).length === STAGE_JOBS.length + 1;
      },
      { timeoutMs: 30000, description: 'the COMPLETE event of every stage' },
    );
    expect(completedCounts()).toEqual({
      'ingest.people': 300,
      'connector.explore': 300,
      'pii-detection.protect': 300,
      'quality.validate': 300,
      'connector.navigate': expectedValid,
    });
    for (const job of STAGE_JOBS) {
      const ofJob = events.filter((event) => event.job.name === job);
      expect(new Set(ofJob.map((event) => event.run.runId)).size).toBe(1);
      expect(ofJob.map((event) => event.eventType)).toContain('START');
      for (const event of ofJob) expect(event.run.facets.parent?.run.runId).toBe(runId);
    }
  }, 120000);

  it('treats a retried push with the same Idempotency-Key as the same run and stores each record once', async () => {
    const people = generatePeople(50, { seed: 12, firstId: 1000 });
    const push = () =>
      request(gateway())
        .post('/api/v1/sources/people/records')
        .set('Authorization', `Bearer ${TEST_API_KEY}`)
        .set('Idempotency-Key', 'retry-me-1')
        .send(people)
        .expect(202);
    const first = await push();
    const second = await push();
    expect(second.body.runId).toBe(first.body.runId);
    expect(first.body.replayed).toBe(false);
    expect(second.body.replayed).toBe(true);
    const expectedValid = people.filter(isValidPerson).length;
    await waitForRuns(database, [first.body.runId], people.length, 30000);
    // Both pushes' messages are processed by now or soon; counts must never exceed one row per record.
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 2000));
    expect(await runOutcome(database, [first.body.runId])).toEqual({ explored: 50, navigated: expectedValid, quarantined: 50 - expectedValid });

    // The same key with other records is a client error, not a silent replay.
    const conflict = await request(gateway())
      .post('/api/v1/sources/people/records')
      .set('Authorization', `Bearer ${TEST_API_KEY}`)
      .set('Idempotency-Key', 'retry-me-1')
      .send(people.slice(1))
      .expect(409);
    expect(conflict.body).toMatchObject({ status: 409, code: 'idempotency_key_reused', detail: expect.stringContaining('different body') });

    const run = await request(gateway()).get(`/api/v1/runs/${first.body.runId}`).set('Authorization', `Bearer ${TEST_API_KEY}`).expect(200);
    expect(run.body).toMatchObject({ runId: first.body.runId, sourceId: 'people', recordCount: 50 });
  }, 60000);

  it('requires an API key on the API and keeps probes, metrics and the OpenAPI document public', async () => {
    await request(gateway()).post('/api/v1/sources/people/records').send([{ id: 1 }]).expect(401);
    await request(gateway()).post('/api/v1/sources/people/records').set('Authorization', 'Bearer wrong-key-wrong-key-wrong-key').send([{ id: 1 }]).expect(401);
    await request(stack.services.lineage.baseUrl).get('/api/v1/lineage/runs/0190b8a4-0000-7000-8000-000000000000/events').expect(401);
    for (const service of Object.values(stack.services)) {
      await request(service.baseUrl).get('/health/live').expect(200);
      const ready = await request(service.baseUrl).get('/health/ready').expect(200);
      expect(ready.body.info).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up', producer: 'connected' } });
    }
    const metrics = await request(stack.services.connector.baseUrl).get('/metrics').expect(200);
    expect(metrics.text).toContain('atlas_records_consumed_total{topic="atlas.ingest.records.v1",outcome="processed",service="connector"}');
    const openApi = await request(gateway()).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(openApi.body.paths)).toContain('/api/v1/sources/{sourceId}/records');
  });

  it('refuses bad input with a clear error and accepts nothing from it', async () => {
    const authorised = () => request(gateway()).post('/api/v1/sources/people/records').set('Authorization', `Bearer ${TEST_API_KEY}`);
    const notArray = await authorised().send({ id: 1 }).expect(400);
    expect(notArray.body).toMatchObject({ code: 'push_invalid', detail: expect.stringContaining('JSON array') });
    expect(notArray.headers['content-type']).toMatch(/^application\/problem\+json/);
    const badElements = await authorised().send([{ id: 1 }, 'text', null, { id: 2 }]).expect(400);
    expect(badElements.body.detail).toContain('not at index 1, 2');
    const badSource = await request(gateway())
      .post('/api/v1/sources/Bad%20Source/records')
      .set('Authorization', `Bearer ${TEST_API_KEY}`)
      .send([{ id: 1 }])
      .expect(400);
    expect(badSource.body).toMatchObject({ code: 'validation_failed', detail: expect.stringContaining('sourceId') });
    const runs = await database.query('SELECT count(*) AS runs FROM gateway.ingestion_runs');
    expect(Number(runs.rows[0].runs)).toBe(2);
  });
});
