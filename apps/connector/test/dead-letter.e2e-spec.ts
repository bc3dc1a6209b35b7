import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Producer } from 'kafkajs';
import { Pool } from 'pg';
import { computeChecksum, DeadLetter, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { deadLetterKey } from '@atlas/kafka';
import {
  readTopic,
  REPOSITORY_ROOT,
  resetTestInfrastructure,
  serviceEnvironment,
  ServiceProcess,
  testDatabase,
  testDeadLetterUnsealer,
  testKafka,
  testLogDirectory,
  waitFor,
} from '@atlas/testing';

function envelope(index: number, payload: Record<string, unknown>): RecordEnvelope {
  return {
    recordId: `0190b8a4-1111-7000-8000-${String(index).padStart(12, '0')}`,
    sourceId: 'people',
    runId: '0190b8a4-2222-7000-8000-000000000001',
    position: { index, total: 4 },
    ingestedAt: new Date().toISOString(),
    checksum: computeChecksum(payload),
    payload,
  };
}

describe('connector: malformed messages go to the dead-letter topic and the partition moves on', () => {
  const connector = new ServiceProcess({ name: 'connector', httpPort: 4201, environment: serviceEnvironment(), logDirectory: testLogDirectory() });
  let producer: Producer;
  let database: Pool;

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    producer = testKafka().producer();
    await producer.connect();
    connector.start();
    await connector.waitUntilReady();
  }, 120000);

  afterAll(async () => {
    await connector.stop();
    await producer?.disconnect();
    await database?.end();
  });

  it('dead-letters unparseable, contract-breaking and tampered records with reason and position, and keeps going', async () => {
    const tampered = envelope(2, { id: 2, email: 'someone@example.com' });
    tampered.payload = { id: 2, email: 'someone-else@example.com' };
    const good = envelope(3, { id: 3, name: 'Ada' });
    const sent = [
      { key: 'bad-json', value: '{"recordId": "unterminated' },
      { key: 'bad-contract', value: JSON.stringify({ recordId: 'not-a-uuid', sourceId: 'people', position: { index: 1 } }) },
      { key: 'tampered', value: JSON.stringify(tampered) },
      { key: 'good', value: JSON.stringify(good) },
    ];
    // One partition, so the good record comes after the bad ones and proves the partition was not blocked.
    const [metadata] = await producer.send({ topic: TOPICS.INGEST_RECORDS, messages: sent.map((message) => ({ ...message, partition: 0 })) });
    const firstOffset = BigInt(metadata.baseOffset ?? '0');

    const deadLetters = (await readTopic(TOPICS.DEAD_LETTER, (messages) => messages.length >= 3))
      .map((message) => JSON.parse(message.value!.toString()) as DeadLetter)
      .sort((left, right) => Number(left.source.offset) - Number(right.source.offset));
    expect(deadLetters).toHaveLength(3);
    expect(deadLetters.map((letter) => letter.source.offset)).toEqual([0n, 1n, 2n].map((step) => String(firstOffset + step)));
    for (const [index, letter] of deadLetters.entries()) {
      expect(letter).toMatchObject({ service: 'connector', source: { topic: TOPICS.INGEST_RECORDS, partition: 0 }, originalKey: deadLetterKey(sent[index].key) });
      // Sealed to the test stack's dead-letter key: no plaintext on the topic, the exact bytes after unsealing.
      expect(JSON.stringify(letter)).not.toContain('someone');
      expect(testDeadLetterUnsealer().unseal(letter.sealedOriginalValue!, letter.source).toString()).toBe(sent[index].value);
    }
    expect(deadLetters[0].reason).toMatch(/^value is not valid JSON/);
    expect(deadLetters[1].reason).toContain(`does not match the ${TOPICS.INGEST_RECORDS} contract`);
    expect(deadLetters[1].source).toMatchObject({ index: 1, sourceId: 'people' });
    expect(deadLetters[2].reason).toMatch(/^checksum mismatch/);
    expect(deadLetters[2].source).toMatchObject({ index: 2, sourceId: 'people', runId: tampered.runId });

    await waitFor(
      async () => (await database.query('SELECT 1 FROM connector.explore_records WHERE record_id = $1', [good.recordId])).rowCount === 1,
      { timeoutMs: 20000, description: 'the valid record after the bad ones to reach Explore' },
    );
    const stored = await database.query('SELECT count(*) AS records FROM connector.explore_records');
    expect(Number(stored.rows[0].records)).toBe(1);
  }, 60000);
});

describe('configuration is validated at start-up', () => {
  it('refuses to start and names every bad or missing variable', () => {
    const result = spawnSync(process.execPath, [join(REPOSITORY_ROOT, 'dist/apps/connector/src/main.js')], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', KAFKA_BROKERS: 'not a broker list', HTTP_PORT: '70000', ATLAS_SERVICE_API_KEYS: 'short' },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    for (const variable of ['KAFKA_BROKERS', 'DATABASE_URL is missing', 'HTTP_PORT', 'each key in ATLAS_SERVICE_API_KEYS must be at least 24 characters', 'ATLAS_DEAD_LETTER_PUBLIC_KEY is missing']) {
      expect(result.stderr).toContain(variable);
    }
  });
});
