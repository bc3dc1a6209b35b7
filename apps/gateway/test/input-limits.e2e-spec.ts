import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Admin } from 'kafkajs';
import { Pool } from 'pg';
import request from 'supertest';
import { TOPICS } from '@atlas/contracts';
import { resetTestInfrastructure, serviceEnvironment, ServiceProcess, TEST_API_KEY, testDatabase, testKafka, testLogDirectory } from '@atlas/testing';

const BODY_LIMIT = 16 * 1024 * 1024;

/** A record of `fields` strings of 100,000 characters each (the default MAX_STRING_LENGTH). */
function largeRecord(fields: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: fields }, (_value, field) => [`field${field}`, 'x'.repeat(100000)]));
}

describe('gateway: input limits at the door', () => {
  const gateway = new ServiceProcess({
    name: 'gateway',
    httpPort: 4501,
    environment: { ...serviceEnvironment(), MAX_REQUEST_BODY_BYTES: String(BODY_LIMIT) },
    logDirectory: testLogDirectory(),
  });
  let admin: Admin;
  let database: Pool;

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    admin = testKafka().admin();
    await admin.connect();
    gateway.start();
    await gateway.waitUntilReady();
  }, 120000);

  afterAll(async () => {
    await gateway.stop();
    await admin?.disconnect();
    await database?.end();
  });

  /** Messages on each partition of the ingest topic so far (it was created empty), by partition number. */
  async function publishedByPartition(): Promise<number[]> {
    const offsets = await admin.fetchTopicOffsets(TOPICS.INGEST_RECORDS);
    return offsets.sort((left, right) => left.partition - right.partition).map((partition) => Number(partition.high) - Number(partition.low));
  }

  async function publishedCount(): Promise<number> {
    return (await publishedByPartition()).reduce((sum, count) => sum + count, 0);
  }

  async function runCount(): Promise<number> {
    const result = await database.query('SELECT count(*) AS runs FROM gateway.ingestion_runs');
    return Number(result.rows[0].runs);
  }

  function push(body: string | object, idempotencyKey?: string) {
    const pending = request(gateway.baseUrl)
      .post('/api/v1/sources/people/records')
      .set('Authorization', `Bearer ${TEST_API_KEY}`)
      .set('Content-Type', 'application/json');
    if (idempotencyKey) pending.set('Idempotency-Key', idempotencyKey);
    return pending.send(typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** Pushes a body that must be refused, and checks that nothing reached the topic or the run table. */
  async function refused(body: string | object, status: number): Promise<{ detail: string; code: string; problems?: Array<Record<string, unknown>> }> {
    const [messagesBefore, runsBefore] = [await publishedCount(), await runCount()];
    const response = await push(body).expect(status);
    expect([await publishedCount(), await runCount()]).toEqual([messagesBefore, runsBefore]);
    // Every refusal is a problem document with a stable code.
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.status).toBe(status);
    return response.body;
  }

  it('refuses a 1 MB string with 413 naming the limit and the record', async () => {
    const answer = await refused([{ id: 1 }, { id: 2, text: 'x'.repeat(1024 * 1024) }], 413);
    expect(answer.detail).toBe('Nothing was accepted: record 1: a string at $[1]{1} has 1048576 characters, over the limit of 100000 (MAX_STRING_LENGTH).');
    expect(answer.code).toBe('push_too_large');
  });

  it('refuses 500 small records plus one of 1.1 MB whole, naming its index, and publishes none of them', async () => {
    const body = [...Array.from({ length: 500 }, (_value, id) => ({ id, name: `person ${id}` })), largeRecord(11)];
    const answer = await refused(body, 413);
    expect(answer.detail).toBe('Nothing was accepted: record 500: 1100134 bytes as JSON, over the limit of 524288 (MAX_RECORD_BYTES).');
    expect(answer.problems).toEqual([{ index: 500, rule: 'MAX_RECORD_BYTES', maximum: 524288, actual: 1100134, message: expect.any(String) }]);
  });

  it('refuses 100,000-deep nesting with 400 naming the depth limit', async () => {
    const levels = 100000;
    const body = `[${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}]`;
    const answer = await refused(body, 400);
    expect(answer.detail).toBe(`Nothing was accepted: record 0: the value at $[0]${'{0}'.repeat(32)} nests deeper than the limit of 32 levels (MAX_NESTING_DEPTH).`);
    expect(answer.code).toBe('push_invalid');
  });

  it('refuses a lone surrogate and NUL, which PostgreSQL jsonb cannot store, with 400', async () => {
    const answer = await refused('[{"ok": "fine"}, {"text": "\\ud800"}, {"\\u0000": 1}]', 400);
    expect(answer.problems?.map((problem) => [problem.index, problem.rule])).toEqual([
      [1, 'UNPAIRED_SURROGATE'],
      [2, 'NUL_CHARACTER'],
    ]);
  });

  it('refuses NUL in a path segment or a query value with 400 url_holds_nul before any route, auditing nothing', async () => {
    const auditedBefore = Number((await database.query('SELECT count(*) AS entries FROM gateway.audit_log')).rows[0].entries);
    const answers = await Promise.all([
      request(gateway.baseUrl).put('/api/v1/pii/classifications/people/%00').set('Authorization', `Bearer ${TEST_API_KEY}`).send({ class: 'not_personal' }),
      request(gateway.baseUrl).get('/api/v1/quarantine/records?checkId=secret%00value').set('Authorization', `Bearer ${TEST_API_KEY}`),
    ]);
    expect(answers.map((answer) => [answer.status, answer.headers['content-type'], answer.body.code])).toEqual([
      [400, 'application/problem+json; charset=utf-8', 'url_holds_nul'],
      [400, 'application/problem+json; charset=utf-8', 'url_holds_nul'],
    ]);
    expect(answers[1].text).not.toContain('secret');
    expect(Number((await database.query('SELECT count(*) AS entries FROM gateway.audit_log')).rows[0].entries)).toBe(auditedBefore);
  });

  it('answers malformed JSON with 400 and a fixed message, and neither answers nor logs any of the body', async () => {
    const secret = `ada.${randomUUID()}@example.com`;
    const response = await push(`[{"email": "${secret}", note: "oops"}]`).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual({
      type: 'urn:atlas:problem:body_not_json',
      title: 'Bad request',
      status: 400,
      detail: 'The request body is not valid JSON (at position 67)',
      code: 'body_not_json',
    });
    expect(response.text).not.toContain('ada.');
    expect(response.text).not.toContain('note');
    const unexpectedToken = await push(`[{"email": "${secret}", "note": oops}]`).expect(400);
    expect(unexpectedToken.body.detail).toBe('The request body is not valid JSON');
    expect(unexpectedToken.text).not.toContain('oops');
    // Give the log stream a moment to flush, then make sure the body never reached the log.
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
    expect(readFileSync(join(testLogDirectory(), 'gateway.log'), 'utf8')).not.toContain(secret);
  });

  it('refuses a body over MAX_REQUEST_BODY_BYTES with 413 naming the limit', async () => {
    const answer = await refused([{ text: 'x'.repeat(BODY_LIMIT) }], 413);
    expect(answer.detail).toBe(`The request body is larger than the limit of ${BODY_LIMIT} bytes (MAX_REQUEST_BODY_BYTES)`);
    expect(answer.code).toBe('body_too_large');
  });

  it('accepts a push whose records together are far over the broker message size, publishing every record', async () => {
    const before = await publishedCount();
    const body = Array.from({ length: 30 }, () => largeRecord(4));
    const response = await push(body).expect(202);
    expect(response.body).toMatchObject({ accepted: 30, replayed: false });
    expect(await publishedCount()).toBe(before + 30);
  }, 60000);

  it("publishes a push's records in chunks of 5,000 consecutive records, each chunk on one partition of the ingest topic", async () => {
    const before = await publishedByPartition();
    const response = await push(Array.from({ length: 6000 }, (_value, id) => ({ id }))).expect(202);
    expect(response.body).toMatchObject({ accepted: 6000, replayed: false });
    const added = (await publishedByPartition()).map((count, partition) => count - before[partition]);
    // Two neighbouring partitions (the second chunk's is the next one, modulo the partition count).
    const first = added.indexOf(5000);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(added[(first + 1) % added.length]).toBe(1000);
    expect(added.reduce((sum, count) => sum + count, 0)).toBe(6000);
  }, 60000);

  it('accepts exactly one of two concurrent pushes with one Idempotency-Key and publishes its records once', async () => {
    const before = await publishedCount();
    const records = Array.from({ length: 3000 }, (_value, id) => ({ id, name: `person ${id}`, note: 'n'.repeat(200) }));
    const [first, second] = await Promise.all([push(records, 'concurrent-key'), push(records, 'concurrent-key')]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const conflict = first.status === 409 ? first : second;
    expect(conflict.body).toMatchObject({ code: 'idempotency_key_in_progress', detail: 'A push with this Idempotency-Key is in progress; retry once it has finished' });
    expect(await publishedCount()).toBe(before + 3000);
    // Once the winner has finished, the same push is answered as a replay and publishes nothing more.
    const replay = await push(records, 'concurrent-key').expect(202);
    expect(replay.body).toMatchObject({ accepted: 3000, replayed: true });
    expect(await publishedCount()).toBe(before + 3000);
    const runs = await database.query("SELECT state FROM gateway.ingestion_runs WHERE idempotency_key = 'concurrent-key'");
    expect(runs.rows).toEqual([{ state: 'accepted' }]);
  }, 60000);

  it('accepts only one of two concurrent pushes of different bodies under one key', async () => {
    const before = await publishedCount();
    const records = Array.from({ length: 3000 }, (_value, id) => ({ id, note: 'n'.repeat(200) }));
    const responses = await Promise.all([push(records, 'contested-key'), push(records.slice(1), 'contested-key')]);
    expect(responses.map((response) => response.status).sort()).toEqual([202, 409]);
    const winner = responses.find((response) => response.status === 202);
    expect(await publishedCount()).toBe(before + (winner?.body.accepted as number));
  }, 60000);
});
