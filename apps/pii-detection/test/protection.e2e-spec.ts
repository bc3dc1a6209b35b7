import { KafkaMessage } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { TOPICS } from '@atlas/contracts';
import { consumerLag } from '@atlas/kafka';
import { generatePeople } from '../../../scripts/people-dataset';
import { waitForRuns } from '../../../scripts/pipeline-client';
import {
  PipelineStack,
  readTopic,
  startPipelineStack,
  stopPipelineStack,
  TEST_ADMIN_API_KEY,
  TEST_API_KEY,
  TEST_SERVICE_API_KEY,
  TEST_DETOKENIZE_API_KEY,
  testKafka,
  waitFor,
} from '@atlas/testing';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

describe('pii-detection: policies, operators, vault, findings and the Presidio-compatible API', () => {
  let stack: PipelineStack;
  const pii = () => stack.services['pii-detection'].baseUrl;
  const gateway = () => stack.services.gateway.baseUrl;
  let database: Pool;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4400));
  }, 180000);

  afterAll(() => stopPipelineStack({ stack, database }));

  async function push(sourceId: string, records: object[]): Promise<string> {
    const response = await request(gateway()).post(`/api/v1/sources/${sourceId}/records`).set('Authorization', `Bearer ${TEST_API_KEY}`).send(records).expect(202);
    return response.body.runId as string;
  }

  it('applies a new policy version per entity: HMAC hash for e-mails, masking for phones, tokens for names', async () => {
    const policy = await request(pii())
      .put('/api/v1/policies/people-v2')
      .set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`)
      .send({
        sourceId: 'people',
        rules: {
          EMAIL_ADDRESS: { operator: 'hash' },
          PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '*', keepLast: 2 } },
          PERSON: { operator: 'tokenize', params: { namespace: 'people' } },
          DEFAULT: { operator: 'replace' },
        },
        fieldRules: { signup_date: { operator: 'drop' } },
      });
    expect(policy.status).toBe(201);
    const version = policy.body.version as number;
    // The policy cache refreshes right after a PUT; give the pipeline's copy a moment.
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 1000));

    const people = generatePeople(60, { seed: 21, missingEmailEvery: 0 });
    // The same person twice: a deterministic hash and a stable token keep joins possible.
    people.push({ ...people[0], id: 9999 });
    const runId = await push('people', people);
    await waitForRuns(database, [runId], people.length, 60000);
    const rows = (
      await database.query('SELECT position_index, payload, policy_id, policy_version FROM connector.navigate_records WHERE run_id = $1 ORDER BY position_index', [runId])
    ).rows;
    expect(rows).toHaveLength(people.length);
    for (const row of rows) {
      expect(row).toMatchObject({ policy_id: 'people-v2', policy_version: version });
      expect(row.payload.email).toMatch(/^[0-9a-f]{64}$/);
      expect(row.payload.phone).toMatch(/\*{6,}\d{2}$/);
      expect(row.payload.name).toMatch(/^tok_[a-z2-7]{26}$/);
      expect(row.payload).not.toHaveProperty('signup_date');
      expect(JSON.stringify(row.payload)).not.toMatch(EMAIL);
    }
    const first = rows[0].payload;
    const repeated = rows[rows.length - 1].payload;
    expect(repeated.email).toBe(first.email);
    expect(repeated.name).toBe(first.name);
    expect(rows[1].payload.email).not.toBe(first.email);

    // Detokenizing needs the separate permission, and every call is audited.
    await request(pii()).post('/api/v1/vault/detokenize').set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`).send({ token: first.name }).expect(403);
    const detokenized = await request(pii())
      .post('/api/v1/vault/detokenize')
      .set('Authorization', `Bearer ${TEST_DETOKENIZE_API_KEY}`)
      .send({ token: first.name })
      .expect(200);
    expect(detokenized.body.value).toBe(people[0].name);
    const audit = await database.query('SELECT allowed FROM pii_detection.detokenize_audit WHERE token = $1 ORDER BY at', [first.name]);
    expect(audit.rows.map((row) => row.allowed)).toEqual([false, true]);
  }, 120000);

  it('reports findings by dataset, field and entity type through the gateway, without values', async () => {
    const people = generatePeople(40, { seed: 22, missingEmailEvery: 0 });
    const runId = await push('crm', people);
    let findings: Array<{ sourceId: string; field: string; entityType: string; findings: number; records: number }> = [];
    await waitFor(
      async () => {
        const response = await request(gateway()).get(`/api/v1/pii/findings?runId=${runId}`).set('Authorization', `Bearer ${TEST_API_KEY}`).expect(200);
        findings = response.body.items;
        return findings.some((row) => row.field === 'email' && row.records === people.length);
      },
      { timeoutMs: 60000, description: 'findings of the crm run' },
    );
    expect(findings).toEqual(expect.arrayContaining([expect.objectContaining({ sourceId: 'crm', field: 'email', entityType: 'EMAIL_ADDRESS', records: 40 })]));
    expect(findings.some((row) => row.field === 'notes' && row.entityType === 'EMAIL_ADDRESS')).toBe(true);
    expect(JSON.stringify(findings)).not.toMatch(EMAIL);

    // Redelivered, the run's findings messages add nothing: each record is stored and counted once.
    const ofRun = (message: KafkaMessage) => (JSON.parse(message.value?.toString('utf8') ?? '{}') as { runId?: string }).runId === runId;
    const delivered = (await readTopic(TOPICS.PII_FINDINGS, (messages) => messages.filter(ofRun).length >= people.length, 60000)).filter(ofRun);
    expect(delivered).toHaveLength(people.length);
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({ topic: TOPICS.PII_FINDINGS, messages: delivered.map(({ key, value, headers }) => ({ key, value, headers })) });
    await producer.disconnect();
    await waitFor(async () => (await gatewayFindingsLag()) === 0, { timeoutMs: 30000, description: "the gateway's findings consumer caught up with the redelivery" });
    const recounted = await request(gateway()).get(`/api/v1/pii/findings?runId=${runId}`).set('Authorization', `Bearer ${TEST_API_KEY}`).expect(200);
    expect(recounted.body.items).toEqual(findings);
  }, 120000);

  async function gatewayFindingsLag(): Promise<number> {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const committed = await admin.fetchOffsets({ groupId: 'gateway', topics: [TOPICS.PII_FINDINGS] });
      const ends = [{ topic: TOPICS.PII_FINDINGS, partitions: await admin.fetchTopicOffsets(TOPICS.PII_FINDINGS) }];
      return consumerLag('gateway', committed, ends).reduce((sum, partition) => sum + partition.lag, 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('marks masked columns in the OpenLineage column lineage of the protected output', async () => {
    const people = generatePeople(20, { seed: 23, missingEmailEvery: 0 });
    const runId = await push('people', people);
    await waitForRuns(database, [runId], people.length, 60000);
    // The stage's one run of the ingestion run ends COMPLETE with every record counted; its output's
    // column lineage marks a column masked when any record had it masked.
    type ProtectEvent = {
      run: { facets: { atlas_recordCount: { recordCount: number } } };
      outputs: Array<{ facets?: { columnLineage?: { fields: Record<string, { inputFields: Array<{ transformations: Array<{ masking: boolean }> }> }> } } }>;
    };
    let events: ProtectEvent[] = [];
    await waitFor(
      async () => {
        const result = await database.query(
          `SELECT event FROM lineage.run_events WHERE parent_run_id = $1 AND job_name = 'pii-detection.protect' AND event_type = 'COMPLETE'`,
          [runId],
        );
        events = result.rows.map((row) => row.event);
        return events.length > 0;
      },
      { timeoutMs: 30000, description: 'the COMPLETE event of the protect stage' },
    );
    expect(events[0].run.facets.atlas_recordCount.recordCount).toBe(people.length);
    const masking = (field: string) => events[0].outputs[0].facets!.columnLineage!.fields[field].inputFields[0].transformations[0].masking;
    expect(masking('email')).toBe(true);
    expect(masking('notes')).toBe(true);
    expect(masking('id')).toBe(false);
  }, 90000);

  it("answers Presidio's documented requests unchanged", async () => {
    const analyze = await request(pii())
      .post('/analyze')
      .set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`)
      .send({ text: 'John Smith drivers license is AC432223 and his e-mail is john.smith@example.com', language: 'en' })
      .expect(200);
    expect(analyze.body).toEqual(expect.arrayContaining([expect.objectContaining({ entity_type: 'EMAIL_ADDRESS', start: 57, end: 79 })]));
    const anonymize = await request(pii())
      .post('/anonymize')
      .set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`)
      .send({
        text: 'hello world, my name is Jane Doe. My number is: 034453334',
        anonymizers: {
          DEFAULT: { type: 'replace', new_value: 'ANONYMIZED' },
          PHONE_NUMBER: { type: 'mask', masking_char: '*', chars_to_mask: 4, from_end: true },
        },
        analyzer_results: [
          { start: 24, end: 32, score: 0.8, entity_type: 'NAME' },
          { start: 24, end: 28, score: 0.8, entity_type: 'FIRST_NAME' },
          { start: 29, end: 32, score: 0.6, entity_type: 'LAST_NAME' },
          { start: 48, end: 57, score: 0.95, entity_type: 'PHONE_NUMBER' },
        ],
      })
      .expect(200);
    expect(anonymize.body.text).toBe('hello world, my name is ANONYMIZED. My number is: 03445****');
    const entities = await request(pii()).get('/supportedentities?language=en').set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`).expect(200);
    expect(entities.body).toEqual(expect.arrayContaining(['PERSON', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'UK_NHS', 'STREET_ADDRESS']));
    await request(pii()).post('/analyze').send({ text: 'x', language: 'en' }).expect(401);
  });
});
