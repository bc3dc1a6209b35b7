import { Producer } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { DeadLetter, TOPICS } from '@atlas/contracts';
import { deadLetterKey } from '@atlas/kafka';
import {
  readTopic,
  resetTestInfrastructure,
  serviceEnvironment,
  ServiceProcess,
  TEST_ADMIN_API_KEY,
  TEST_SERVICE_API_KEY,
  TEST_DETOKENIZE_API_KEY,
  testDatabase,
  testKafka,
  testLogDirectory,
} from '@atlas/testing';

const UNKNOWN_KEY = 'not-a-configured-key-0123456789';

describe('pii-detection: nobody can switch protection off or use the keys as an oracle', () => {
  const environment = serviceEnvironment();
  const piiDetection = new ServiceProcess({ name: 'pii-detection', httpPort: 4601, environment, logDirectory: testLogDirectory() });
  const connector = new ServiceProcess({ name: 'connector', httpPort: 4602, environment, logDirectory: testLogDirectory() });
  const pii = () => request(piiDetection.baseUrl);
  let database: Pool;
  let producer: Producer;

  const count = async (table: string) => Number((await database.query(`SELECT count(*) AS rows FROM pii_detection.${table}`)).rows[0].rows);

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    producer = testKafka().producer();
    await producer.connect();
    piiDetection.start();
    connector.start();
    await Promise.all([piiDetection.waitUntilReady(), connector.waitUntilReady()]);
  }, 180000);

  afterAll(async () => {
    await Promise.all([piiDetection.stop(), connector.stop()]);
    await producer?.disconnect();
    await database?.end();
  });

  it('lets only a pii:admin key change a policy: an ordinary key cannot set the default to keep', async () => {
    const keepEverything = { sourceId: '*', rules: { DEFAULT: { operator: 'keep' } } };
    const before = await count('protection_policies');
    const ordinary = await pii().put('/api/v1/policies/default').set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`).send(keepEverything);
    expect(ordinary.status).toBe(403);
    expect(ordinary.body).toMatchObject({ code: 'permission_denied', permission: 'pii:admin' });
    expect((await pii().put('/api/v1/policies/default').set('Authorization', `Bearer ${TEST_DETOKENIZE_API_KEY}`).send(keepEverything)).status).toBe(403);
    expect((await pii().put('/api/v1/policies/default').send(keepEverything)).status).toBe(401);
    expect(await count('protection_policies')).toBe(before);

    const admin = await pii()
      .put('/api/v1/policies/crm-policy')
      .set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`)
      .send({ sourceId: 'crm', rules: { DEFAULT: { operator: 'replace' } } });
    expect(admin.status).toBe(201);
    expect(await count('protection_policies')).toBe(before + 1);
    // Reading stays open to any valid key.
    expect((await pii().get('/api/v1/policies/crm-policy').set('X-API-Key', TEST_SERVICE_API_KEY)).status).toBe(200);
  });

  it('answers /anonymize with hash, encrypt or tokenize only to a pii:admin key; other operators stay open', async () => {
    const body = (type: string) => ({ text: 'Jane Roe', anonymizers: { PERSON: { type } }, analyzer_results: [{ start: 0, end: 8, score: 1, entity_type: 'PERSON' }] });
    for (const type of ['hash', 'encrypt', 'tokenize']) {
      const refused = await pii().post('/anonymize').set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`).send(body(type));
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe('This API key lacks the permission pii:admin; a key from PII_ADMIN_API_KEYS is required');
      expect(JSON.stringify(refused.body)).not.toContain('Jane');
    }
    const hashed = await pii().post('/anonymize').set('Authorization', `Bearer ${TEST_ADMIN_API_KEY}`).send(body('hash'));
    expect(hashed.status).toBe(200);
    expect(hashed.body.text).toMatch(/^[0-9a-f]{64}$/);
    const masked = await pii().post('/anonymize').set('Authorization', `Bearer ${TEST_SERVICE_API_KEY}`).send(body('redact'));
    expect(masked.status).toBe(200);
    expect(masked.body.text).toBe('');
  });

  it('rejects detokenize without a key or with an unknown key before any write, and audits known keys only', async () => {
    const token = `tok_${'a'.repeat(26)}`;
    const before = await count('detokenize_audit');
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await pii().post('/api/v1/vault/detokenize').send({ token })).status).toBe(401);
      expect((await pii().post('/api/v1/vault/detokenize').set('X-API-Key', UNKNOWN_KEY).send({ token })).status).toBe(401);
    }
    expect(await count('detokenize_audit')).toBe(before);

    const ordinary = await pii().post('/api/v1/vault/detokenize').set('X-API-Key', TEST_SERVICE_API_KEY).send({ token });
    expect(ordinary.status).toBe(403);
    expect(ordinary.body.permission).toBe('pii:reveal');
    const admin = await pii().post('/api/v1/vault/detokenize').set('X-API-Key', TEST_ADMIN_API_KEY).send({ token });
    expect(admin.status).toBe(403);
    expect((await pii().post('/api/v1/vault/detokenize').set('X-API-Key', TEST_DETOKENIZE_API_KEY).send({ token })).status).toBe(404);
    const rows = (await database.query('SELECT allowed, reason, requester_fingerprint FROM pii_detection.detokenize_audit WHERE token = $1 ORDER BY at, id', [token])).rows;
    expect(rows.map((row) => [row.allowed, row.reason])).toEqual([
      [false, 'not_permitted'],
      [false, 'not_permitted'],
      [false, 'unknown_token'],
    ]);
    expect(rows.every((row) => /^[0-9a-f]{16}$/.test(row.requester_fingerprint))).toBe(true);
  });

  it('seals a dead letter: no plaintext on the topic, and only a pii:reveal key recovers the exact bytes (audited)', async () => {
    const poison = '{"recordId": "unterminated", "email": "ada.lovelace@example.org", "name": "Ada Lovelace"';
    await producer.send({ topic: TOPICS.INGEST_RECORDS, messages: [{ key: 'poison', value: poison, partition: 0 }] });
    const [raw] = await readTopic(TOPICS.DEAD_LETTER, (messages) => messages.length >= 1, 30000);
    const onTheTopic = Buffer.concat([raw.value!, ...Object.values(raw.headers ?? {}).map((value) => Buffer.from(String(value)))]);
    for (const fragment of ['ada.lovelace', 'Ada Lovelace', 'example.org', Buffer.from(poison).toString('base64').slice(0, 24)]) {
      expect(onTheTopic.includes(fragment)).toBe(false);
    }
    const deadLetter = JSON.parse(raw.value!.toString()) as DeadLetter;
    expect(deadLetter).toMatchObject({ service: 'connector', source: { topic: TOPICS.INGEST_RECORDS, partition: 0 }, originalKey: deadLetterKey('poison') });
    expect(deadLetter.reason).toMatch(/^value is not valid JSON/);

    const before = await count('dead_letter_unseal_audit');
    expect((await pii().post('/api/v1/dead-letters/unseal').send(deadLetter)).status).toBe(401);
    expect((await pii().post('/api/v1/dead-letters/unseal').set('X-API-Key', UNKNOWN_KEY).send(deadLetter)).status).toBe(401);
    expect(await count('dead_letter_unseal_audit')).toBe(before);
    const ordinary = await pii().post('/api/v1/dead-letters/unseal').set('X-API-Key', TEST_SERVICE_API_KEY).send(deadLetter);
    expect(ordinary.status).toBe(403);
    expect(JSON.stringify(ordinary.body)).not.toContain('ada');

    const revealed = await pii().post('/api/v1/dead-letters/unseal').set('Authorization', `Bearer ${TEST_DETOKENIZE_API_KEY}`).send(deadLetter);
    expect(revealed.status).toBe(200);
    expect(revealed.headers['cache-control']).toBe('no-store');
    expect(Buffer.from(revealed.body.originalValueBase64, 'base64').toString()).toBe(poison);
    // Moved to another offset, the sealed value does not open.
    const moved = { ...deadLetter, source: { ...deadLetter.source, offset: String(Number(deadLetter.source.offset) + 1) } };
    expect((await pii().post('/api/v1/dead-letters/unseal').set('X-API-Key', TEST_DETOKENIZE_API_KEY).send(moved)).status).toBe(422);

    const audit = (await database.query('SELECT source_topic, source_offset, allowed, reason FROM pii_detection.dead_letter_unseal_audit ORDER BY at, id')).rows;
    expect(audit.map((row) => [row.source_topic, row.allowed, row.reason])).toEqual([
      [TOPICS.INGEST_RECORDS, false, 'not_permitted'],
      [TOPICS.INGEST_RECORDS, true, 'granted'],
      [TOPICS.INGEST_RECORDS, false, 'unseal_failed'],
    ]);
    expect(audit[1].source_offset).toBe(deadLetter.source.offset);
  }, 60000);
});
