import { spawnSync } from 'node:child_process';
import { Producer } from 'kafkajs';
import { Pool } from 'pg';
import { DeadLetter, RunEvent, TOPICS } from '@atlas/contracts';
import { recordIdAtLocation, recordIdOfKey } from '@atlas/ingestion';
import {
  readTopic,
  resetTestInfrastructure,
  serviceEnvironment,
  ServiceProcess,
  testDatabase,
  testDeadLetterUnsealer,
  testInfrastructure,
  testKafka,
  testLogDirectory,
  waitFor,
} from '@atlas/testing';

const RAW = TOPICS.RAW_RECORDS;

interface ExploreRow {
  record_id: string;
  source_id: string;
  source_location: string;
  payload: Record<string, unknown>;
}

async function exploreRows(database: Pool, sourceId: string): Promise<ExploreRow[]> {
  const result = await database.query<ExploreRow>(
    'SELECT record_id, source_id, source_location, payload FROM connector.explore_records WHERE source_id = $1 ORDER BY source_location',
    [sourceId],
  );
  return result.rows;
}

describe('connector: external producers write raw JSON to atlas.raw.records.v1', () => {
  const connector = new ServiceProcess({ name: 'connector', httpPort: 4211, environment: serviceEnvironment(), logDirectory: testLogDirectory() });
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

  it('wraps valid records from kafkajs, dead-letters the invalid ones with reason and position, and keeps the partition going', async () => {
    const header = { 'atlas-source-id': 'crm' };
    const sent = [
      { value: JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com' }), headers: header },
      { value: JSON.stringify({ name: 'Grace Hopper' }), headers: { ...header, 'atlas-record-key': 'customer-17' } },
      { value: '{"name": "unterminated', headers: header },
      { value: JSON.stringify({ name: 'No Source' }), headers: {} },
      // 700 fields of 900 characters: every string and key within its limit, the whole over MAX_RECORD_BYTES.
      { value: JSON.stringify(Object.fromEntries(Array.from({ length: 700 }, (_, field) => [`field${field}`, 'x'.repeat(900)]))), headers: header },
      { value: '{"name": "nul \\u0000 inside"}', headers: header },
      { value: '[1, 2, 3]', headers: header },
      { value: JSON.stringify({ name: 'Katherine Johnson' }), headers: header },
    ];
    const [metadata] = await producer.send({ topic: RAW, messages: sent.map((message) => ({ ...message, partition: 0 })) });
    const first = BigInt(metadata.baseOffset ?? '0');
    const offsetOf = (index: number) => String(first + BigInt(index));
    const locationOf = (index: number) => `kafka:${RAW}/0/${offsetOf(index)}`;

    const deadLetters = (await readTopic(TOPICS.DEAD_LETTER, (messages) => messages.length >= 5, 45000))
      .map((message) => JSON.parse(message.value!.toString()) as DeadLetter)
      .sort((left, right) => Number(left.source.offset) - Number(right.source.offset));
    expect(deadLetters.map((letter) => letter.source.offset)).toEqual([2, 3, 4, 5, 6].map(offsetOf));
    expect(deadLetters.map((letter) => letter.reason)).toEqual([
      'value is not valid JSON (at position 22)',
      "missing the atlas-source-id header naming the record's source",
      `record refused: ${Buffer.byteLength(sent[4].value)} bytes as JSON, over the limit of ${512 * 1024} (MAX_RECORD_BYTES)`,
      'record refused: a string at $[0]{0} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store',
      `payload does not match the ${RAW} contract: / must be object`,
    ]);
    expect(deadLetters[0].source).toEqual({ topic: RAW, partition: 0, offset: offsetOf(2), sourceId: 'crm' });
    expect(deadLetters[2].source).toEqual({ topic: RAW, partition: 0, offset: offsetOf(4), sourceId: 'crm', location: locationOf(4) });
    expect(deadLetters[1].source).toEqual({ topic: RAW, partition: 0, offset: offsetOf(3), location: locationOf(3) });
    for (const letter of deadLetters) expect(letter.service).toBe('connector');
    expect(testDeadLetterUnsealer().unseal(deadLetters[3].sealedOriginalValue!, deadLetters[3].source).toString()).toBe(sent[5].value);

    await waitFor(async () => (await exploreRows(database, 'crm')).length === 3, { timeoutMs: 30000, description: 'the three valid records in Explore' });
    const rows = await exploreRows(database, 'crm');
    expect(rows.map((row) => [row.source_location, row.record_id, row.payload.name])).toEqual([
      [locationOf(0), recordIdAtLocation('crm', locationOf(0)), 'Ada Lovelace'],
      [locationOf(1), recordIdOfKey('crm', 'customer-17'), 'Grace Hopper'],
      [locationOf(7), recordIdAtLocation('crm', locationOf(7)), 'Katherine Johnson'],
    ]);

    // The run of the forwarded records is reported with the raw topic as input and its source range.
    const rootRuns = (await readTopic(TOPICS.LINEAGE_EVENTS, (messages) => messages.some((message) => message.value?.toString().includes('"ingest.crm"'))))
      .map((message) => JSON.parse(message.value!.toString()) as RunEvent)
      .filter((event) => event.job.name === 'ingest.crm');
    // Named after the configured cluster and the source, never a broker: each source has its own datasets.
    expect(rootRuns[0].inputs).toEqual([
      { namespace: 'kafka://atlas', name: `${RAW}/crm`, facets: { dataSource: expect.objectContaining({ name: 'kafka://atlas', uri: 'kafka://atlas' }) } },
    ]);
    const ranges = rootRuns.map((event) => event.run.facets?.atlas_sourceRange as { first: string; last: string });
    expect(ranges[0].first).toBe(locationOf(0));
    expect(ranges[ranges.length - 1].last).toBe(locationOf(7));
  }, 90000);

  it("keeps a source's records of one partition in one run for its window, and announces the run's count when the sweep closes it", async () => {
    const header = { 'atlas-source-id': 'windowed' };
    const [metadata] = await producer.send({ topic: RAW, messages: [1, 2, 3].map((n) => ({ value: JSON.stringify({ n }), headers: header, partition: 4 })) });
    await waitFor(async () => (await exploreRows(database, 'windowed')).length === 3, { timeoutMs: 30000, description: 'the first batch in Explore' });
    await producer.send({ topic: RAW, messages: [4, 5].map((n) => ({ value: JSON.stringify({ n }), headers: header, partition: 4 })) });
    await waitFor(async () => (await exploreRows(database, 'windowed')).length === 5, { timeoutMs: 30000, description: 'the second batch in Explore' });
    const first = Number(metadata.baseOffset);
    const explored = await database.query<{ run_id: string; position_index: number }>(
      `SELECT run_id::text AS run_id, position_index FROM connector.explore_records WHERE source_id = 'windowed' ORDER BY position_index`,
    );
    const runId = explored.rows[0].run_id;
    expect(explored.rows).toEqual([0, 1, 2, 3, 4].map((index) => ({ run_id: runId, position_index: index })));

    // No record comes after the window (5 s): the sweep closes the run and announces its five records.
    const counts = (await readTopic(TOPICS.RUN_RECORD_COUNTS, (messages) => messages.some((message) => message.value?.toString().includes(runId)), 30000))
      .map((message) => JSON.parse(message.value!.toString()) as { runId: string; topic: string; recordCount: number; writtenBy: string })
      .filter((count) => count.runId === runId);
    expect(counts).toEqual([{ runId, sourceId: 'windowed', topic: TOPICS.INGEST_RECORDS, recordCount: 5, writtenBy: 'ingest.windowed' }]);
    const events = (await readTopic(TOPICS.LINEAGE_EVENTS, (messages) => messages.filter((message) => message.value?.toString().includes(`"runId":"${runId}"`)).length >= 3))
      .map((message) => JSON.parse(message.value!.toString()) as RunEvent)
      .filter((event) => event.run.runId === runId);
    // Started by the first batch; completed by the sweep with the range of all five.
    expect(events.map((event) => event.eventType)).toEqual(['START', 'COMPLETE']);
    expect(events.map((event) => event.run.facets?.atlas_sourceRange)).toEqual([
      expect.objectContaining({ first: `kafka:${RAW}/4/${first}`, last: `kafka:${RAW}/4/${first + 2}` }),
      expect.objectContaining({ first: `kafka:${RAW}/4/${first}`, last: `kafka:${RAW}/4/${first + 4}` }),
    ]);
    expect(events[1].run.facets?.atlas_recordCount).toMatchObject({ recordCount: 5 });
    const stored = await database.query(`SELECT record_count, closed_at IS NOT NULL AS closed, announced_at IS NOT NULL AS announced FROM connector.raw_record_runs WHERE run_id = $1`, [runId]);
    expect(stored.rows).toEqual([{ record_count: 5, closed: true, announced: true }]);
  }, 90000);

  it('accepts raw JSON lines produced with kcat, with the source and record-key headers', async () => {
    const broker = testInfrastructure().brokers[0];
    const lines = ['{"name": "Mary Jackson", "city": "Hampton"}', '{"name": "Dorothy Vaughan"}', 'not json at all'].join('\n');
    const result = spawnSync('kcat', ['-b', broker, '-t', RAW, '-P', '-p', '1', '-H', 'atlas-source-id=kcat-source', '-H', 'atlas-record-key=employee-1'], {
      input: `${lines}\n`,
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);

    await waitFor(async () => (await exploreRows(database, 'kcat-source')).length === 1, { timeoutMs: 30000, description: 'the kcat record in Explore' });
    // Both valid lines carry the same record key: the same record, stored once (its first version).
    const [row] = await exploreRows(database, 'kcat-source');
    expect(row.record_id).toBe(recordIdOfKey('kcat-source', 'employee-1'));
    expect(row.payload).toEqual({ name: 'Mary Jackson', city: 'Hampton' });
    expect(row.source_location).toMatch(new RegExp(`^kafka:${RAW.replace(/\./g, '\\.')}/1/\\d+$`));

    const deadLetters = (await readTopic(TOPICS.DEAD_LETTER, (messages) => messages.some((message) => JSON.parse(message.value!.toString()).source.partition === 1)))
      .map((message) => JSON.parse(message.value!.toString()) as DeadLetter)
      .filter((letter) => letter.source.partition === 1);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0].reason).toMatch(/^value is not valid JSON/);
    expect(deadLetters[0]).toMatchObject({ source: { topic: RAW, partition: 1, sourceId: 'kcat-source' } });
    expect(Number(deadLetters[0].source.offset)).toBe(Number(row.source_location.split('/').pop()) + 2);
  }, 60000);
});
