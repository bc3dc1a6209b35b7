import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Producer } from 'kafkajs';
import { Pool } from 'pg';
import { computeChecksum, DeadLetter, MAX_PAYLOAD_DEPTH, TOPICS } from '@atlas/contracts';
import { readTopic, resetTestInfrastructure, serviceEnvironment, ServiceName, ServiceProcess, testDatabase, testKafka, testLogDirectory, waitFor } from '@atlas/testing';
import { generatePeople, isValidPerson, PersonRecord } from '../../../scripts/people-dataset';

const SOURCE_ID = 'people';
const RUN_ID = '0190b8a4-3333-7000-8000-000000000001';
const ORDINARY = 1000;

const recordIdOf = (index: number) => `0190b8a4-4444-7000-8000-${String(index).padStart(12, '0')}`;

/** The envelope's JSON with `payloadJson` as its payload and `checksum`; built as text so any payload (even 10,000 levels deep) fits. */
function envelopeJson(index: number, total: number, payloadJson: string, checksum: string): string {
  const envelope = {
    recordId: recordIdOf(index),
    sourceId: SOURCE_ID,
    runId: RUN_ID,
    position: { index, total },
    ingestedAt: new Date().toISOString(),
    checksum,
    payload: '§payload§',
  };
  return JSON.stringify(envelope).replace('"§payload§"', () => payloadJson);
}

const person = (id: number, extra: Record<string, unknown>) => ({ id, name: 'Grace Hopper', email: `grace${id}@example.org`, ...extra });
/** `count` distinct e-mail addresses in one free-text field. */
const manyEmails = (count: number) => Array.from({ length: count }, (_value, index) => `user${index}@example.org`).join(' ');

interface Poison {
  kind: string;
  payload: Record<string, unknown> | { json: string; checksum: string };
  /** Dead-lettered with a reason matching this, or (null) processed: a root-cause fix makes it processable. */
  reason: RegExp | null;
}

function deepPayload(levels: number): { json: string; checksum: string } {
  // {"a":{"a":…{"a":1}}}: one key per level, so this text is already the canonical JSON.
  const json = `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
  return { json, checksum: createHash('sha256').update(json).digest('hex') };
}

describe('poison records: each is dead-lettered (or processed) and no partition stalls', () => {
  const environment = serviceEnvironment();
  const services: ServiceProcess[] = (['gateway', 'connector', 'pii-detection', 'quality'] as ServiceName[]).map(
    (name, offset) => new ServiceProcess({ name, httpPort: 4400 + offset, environment, logDirectory: testLogDirectory() }),
  );
  let producer: Producer;
  let database: Pool;
  /** Where each service's log ended before this test (the log files are appended to across runs). */
  const logStarts = new Map<string, number>();
  const logFile = (name: string) => join(testLogDirectory(), `${name}.log`);

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    // A policy with field rules for the source, so field-rule lookups run on every key (`constructor`, "").
    await database.query(
      `INSERT INTO pii_detection.protection_policies (policy_id, version, source_id, document) VALUES ('people-rules', 1, $1, $2)`,
      [SOURCE_ID, { rules: { DEFAULT: { operator: 'replace' } }, fieldRules: { ssn: { operator: 'drop' } } }],
    );
    producer = testKafka().producer();
    await producer.connect();
    for (const service of services) logStarts.set(service.name, existsSync(logFile(service.name)) ? statSync(logFile(service.name)).size : 0);
    for (const service of services) service.start();
    await Promise.all(services.map((service) => service.waitUntilReady(90000)));
  }, 180000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await producer?.disconnect();
    await database?.end();
  });

  it('dead-letters every poison kind with its reason and position, protects the processable ones, and delivers every ordinary record', async () => {
    const people: PersonRecord[] = generatePeople(ORDINARY, { seed: 606 });
    const longFieldName = randomBytes(2250).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 3000);
    const poisons: Poison[] = [
      { kind: 'lone surrogate', payload: person(9001, { notes: 'broken \ud800 text' }), reason: /^permanent failure: postgres 22\w{3} / },
      {
        kind: 'output over the message size',
        payload: person(9002, { notes: manyEmails(12000) }),
        reason: /^permanent failure: MESSAGE_TOO_LARGE: a message of \d+ bytes for atlas\.protected\.records\.v1 exceeds the 1000000-byte limit$/,
      },
      { kind: 'findings over the bind-parameter limit', payload: person(9003, { notes: manyEmails(6000) }), reason: null },
      { kind: 'findings path over the index-row limit', payload: person(9004, { [longFieldName]: 'ada@example.org' }), reason: null },
      { kind: 'deep nesting', payload: deepPayload(10000), reason: new RegExp(`contract: /payload nests deeper than ${MAX_PAYLOAD_DEPTH} levels$`) },
      { kind: 'empty key', payload: person(9006, { '': 'linus@example.org' }), reason: null },
      { kind: 'constructor key', payload: person(9007, { constructor: 'ken@example.org' }), reason: null },
    ];
    const total = ORDINARY + poisons.length;
    const ordinaryMessage = (index: number) => {
      const payload = people[index] as Record<string, unknown>;
      return { key: recordIdOf(index), value: envelopeJson(index, total, JSON.stringify(payload), computeChecksum(payload)) };
    };
    const poisonMessages = poisons.map((poison, offset) => {
      const index = ORDINARY + offset;
      const { json, checksum } = 'json' in poison.payload ? (poison.payload as { json: string; checksum: string }) : { json: JSON.stringify(poison.payload), checksum: computeChecksum(poison.payload) };
      return { key: recordIdOf(index), value: envelopeJson(index, total, json, checksum) };
    });
    // All on one partition, poisons in the middle: every ordinary record after them proves the partition moved on.
    const messages = [...people.slice(0, 500).map((_person, index) => ordinaryMessage(index)), ...poisonMessages, ...people.slice(500).map((_person, index) => ordinaryMessage(500 + index))];
    const started = Date.now();
    for (let start = 0; start < messages.length; start += 100) {
      await producer.send({ topic: TOPICS.INGEST_RECORDS, messages: messages.slice(start, start + 100).map((message) => ({ ...message, partition: 0 })) });
    }

    const processable = poisons.filter((poison) => poison.reason === null);
    const expectedValid = people.filter(isValidPerson).length;
    await waitFor(
      async () => {
        const { rows } = await database.query<{ arrived: string }>(
          `SELECT (SELECT count(*) FROM connector.navigate_records WHERE run_id = $1) + (SELECT count(*) FROM quality.quarantined_records WHERE run_id = $1) AS arrived`,
          [RUN_ID],
        );
        return Number(rows[0].arrived) >= ORDINARY + processable.length;
      },
      { timeoutMs: 90000, intervalMs: 500, description: 'every ordinary and processable record in Navigate or quarantine' },
    );

    // Every ordinary record where the demo contract puts it.
    const ordinaryIds = people.map((_person, index) => recordIdOf(index));
    const navigated = await database.query<{ record_id: string }>('SELECT record_id FROM connector.navigate_records WHERE record_id = ANY($1::uuid[])', [ordinaryIds]);
    const quarantined = await database.query<{ record_id: string }>('SELECT record_id FROM quality.quarantined_records WHERE record_id = ANY($1::uuid[])', [ordinaryIds]);
    expect(navigated.rowCount).toBe(expectedValid);
    expect(quarantined.rowCount).toBe(ORDINARY - expectedValid);
    const validIds = new Set(ordinaryIds.filter((_id, index) => isValidPerson(people[index])));
    expect(navigated.rows.every((row) => validIds.has(row.record_id))).toBe(true);

    // Each poison dead-lettered once with its reason and position.
    const expectedDeadLetters = poisons.filter((poison) => poison.reason !== null);
    const deadLetters = (await readTopic(TOPICS.DEAD_LETTER, (read) => read.length >= expectedDeadLetters.length, 30000)).map(
      (message) => JSON.parse(message.value!.toString()) as DeadLetter,
    );
    for (const poison of expectedDeadLetters) {
      const index = ORDINARY + poisons.indexOf(poison);
      const letters = deadLetters.filter((letter) => letter.source.index === index);
      expect({ kind: poison.kind, letters: letters.length }).toEqual({ kind: poison.kind, letters: 1 });
      expect(letters[0].reason).toMatch(poison.reason!);
      expect(letters[0].source).toMatchObject({ sourceId: SOURCE_ID, runId: RUN_ID, index });
      expect(letters[0].originalKey).toBe(recordIdOf(index));
      // The reason never quotes the input.
      expect(letters[0].reason).not.toMatch(/example\.org|\\ud800/);
    }
    expect(deadLetters).toHaveLength(expectedDeadLetters.length);

    // The processable ones arrived protected: no raw e-mail address in Navigate.
    for (const poison of processable) {
      const index = ORDINARY + poisons.indexOf(poison);
      const { rows } = await database.query<{ payload: Record<string, unknown> }>('SELECT payload FROM connector.navigate_records WHERE record_id = $1', [recordIdOf(index)]);
      expect({ kind: poison.kind, stored: rows.length }).toEqual({ kind: poison.kind, stored: 1 });
      expect({ kind: poison.kind, rawEmail: /@example\.org/.test(JSON.stringify(rows[0].payload)) }).toEqual({ kind: poison.kind, rawEmail: false });
    }
    // The 6,000 findings of one record stored as its one row and counted; the 3,000-character path bounded for the counts' index.
    await waitFor(
      async () => {
        const { rows } = await database.query<{ findings: number }>('SELECT jsonb_array_length(findings) AS findings FROM gateway.pii_finding_records WHERE record_id = $1', [recordIdOf(ORDINARY + 2)]);
        return (rows[0]?.findings ?? 0) >= 6001;
      },
      { timeoutMs: 30000, description: 'the findings of the record with 6,000 e-mail addresses' },
    );
    const longPaths = async () =>
      (
        await database.query<{ field: string; counted: string }>(
          `SELECT finding->>'field' AS field, (SELECT sum(records) FROM gateway.pii_finding_counts c WHERE c.source_id = r.source_id AND c.field = finding->>'field') AS counted
             FROM gateway.pii_finding_records r, jsonb_array_elements(r.findings) AS finding
            WHERE r.record_id = $1 AND length(finding->>'field') > 100`,
          [recordIdOf(ORDINARY + 3)],
        )
      ).rows;
    await waitFor(async () => (await longPaths()).length > 0, { timeoutMs: 30000, description: 'the finding under the 3,000-character field name' });
    const [{ field, counted }] = await longPaths();
    expect(Buffer.byteLength(field)).toBe(1024);
    expect(field.startsWith(longFieldName.slice(0, 900))).toBe(true);
    expect(field).toMatch(/…#[0-9a-f]{16}$/);
    expect(Number(counted)).toBe(1);

    // No partition waits; the whole run took bounded time.
    for (const service of services) {
      const health = (await (await fetch(`${service.baseUrl}/health/ready`)).json()) as { details?: { kafka?: { waitingPartitions?: unknown } } };
      expect({ service: service.name, waiting: health.details?.kafka?.waitingPartitions }).toEqual({ service: service.name, waiting: undefined });
    }
    expect(Date.now() - started).toBeLessThan(120000);

    // Failures were logged by code, never with the records they concern (no e-mail address of any record).
    for (const service of services) {
      const written = readFileSync(logFile(service.name)).subarray(logStarts.get(service.name) ?? 0).toString();
      expect({ service: service.name, leaks: written.match(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g) ?? [] }).toEqual({ service: service.name, leaks: [] });
    }
  }, 180000);

  it('waits on a database failure no record causes, says so in /health/ready, and resumes without skipping or dead-lettering', async () => {
    const runId = '0190b8a4-3333-7000-8000-000000000002';
    const people = generatePeople(50, { seed: 707, firstId: 5000 });
    const connector = services.find((service) => service.name === 'connector')!;
    // Every insert now fails with 42P01 (undefined_table): an operator's problem, not the records'.
    await database.query('ALTER TABLE connector.explore_records RENAME TO explore_records_away');
    try {
      await producer.send({
        topic: TOPICS.INGEST_RECORDS,
        messages: people.map((payload, index) => {
          const recordId = `0190b8a4-5555-7000-8000-${String(index).padStart(12, '0')}`;
          const value = JSON.stringify({ recordId, sourceId: SOURCE_ID, runId, position: { index, total: 50 }, ingestedAt: new Date().toISOString(), checksum: computeChecksum(payload), payload });
          return { key: recordId, value, partition: 1 };
        }),
      });
      let waiting: Array<{ topic: string; partition: number; since: string; failure: string }> = [];
      await waitFor(
        async () => {
          const response = await fetch(`${connector.baseUrl}/health/ready`);
          const body = (await response.json()) as { details?: { kafka?: { waitingPartitions?: typeof waiting } } };
          waiting = body.details?.kafka?.waitingPartitions ?? [];
          return response.status === 503 && waiting.length > 0;
        },
        { timeoutMs: 30000, intervalMs: 250, description: 'the connector to report its waiting partition' },
      );
      expect(waiting).toEqual([
        { topic: TOPICS.INGEST_RECORDS, partition: 1, since: expect.any(String), failure: 'postgres 42P01 undefined_table', errorClass: 'postgres_42' },
      ]);
    } finally {
      await database.query('ALTER TABLE connector.explore_records_away RENAME TO explore_records');
    }
    await waitFor(
      async () => (await database.query('SELECT 1 FROM connector.explore_records WHERE run_id = $1', [runId])).rowCount === 50,
      { timeoutMs: 30000, description: 'every waiting record to reach Explore once the table is back' },
    );
    // All 50 stored: none was skipped or dead-lettered while the partition waited.
    await connector.waitUntilReady(30000);
  }, 90000);
});
