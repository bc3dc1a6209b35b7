/**
 * Proof under faults (`npm run test:faults` runs it with 100,000 records; the e2e suite with a
 * short form). Records flow from an external Kafka producer and through the gateway while every
 * service is SIGKILLed and restarted, the broker stops and starts, PostgreSQL restarts, a lock on
 * the Navigate table forces back-pressure and poison records arrive. Then: every record is in
 * Navigate (or quarantine) exactly once, every poison record is dead-lettered with its reason, no
 * raw e-mail address reached anything downstream of Explore, consumer lag is zero and memory stayed bounded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { Pool } from 'pg';
import { DeadLetter, TOPICS } from '@atlas/contracts';
import { recordIdOfKey } from '@atlas/ingestion';
import { consumerLag } from '@atlas/kafka';
import {
  PipelineStack,
  readTopic,
  REPOSITORY_ROOT,
  SERVICE_NAMES,
  ServiceName,
  startPipelineStack,
  stopPipelineStack,
  TEST_API_KEY,
  testDatabase,
  testKafka,
  testLogDirectory,
  waitFor,
} from '@atlas/testing';
import { mebibytes, serviceContainer } from '../../../scripts/k8s/manifests';
import { generatePeople, isValidPerson, PersonRecord } from '../../../scripts/people-dataset';
import { POISON_RECORDS, RAW_EMAIL } from './fault-poison-records';

const RECORDS = Number(process.env.FAULT_RECORDS ?? 3000);
const GATEWAY_RECORDS = 200;
const SOURCE_ID = 'people';
/** Services that consume record topics (their consumer group is their name). */
const CONSUMING_SERVICES: ServiceName[] = ['connector', 'pii-detection', 'quality', 'lineage', 'gateway'];

function infrastructure(command: 'kafka-stop' | 'kafka-start' | 'postgres-restart'): void {
  const result = spawnSync('bash', [join(REPOSITORY_ROOT, 'deploy/local/infra.sh'), command], { encoding: 'utf8', timeout: 180000 });
  if (result.status !== 0) throw new Error(`infra.sh ${command} failed: ${result.stderr}`);
}

function residentMib(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

describe(`a run of ${RECORDS} records under faults loses nothing, duplicates nothing and leaks nothing`, () => {
  let stack: PipelineStack;
  let database: Pool;
  let producer: Producer;
  const peakMib = new Map<string, number>();
  let sampler: NodeJS.Timeout | undefined;
  const logStarts = new Map<string, number>();
  const logFile = (name: string) => join(testLogDirectory(), `${name}.log`);

  beforeAll(async () => {
    for (const name of SERVICE_NAMES) logStarts.set(name, existsSync(logFile(name)) ? statSync(logFile(name)).size : 0);
    ({ stack, database } = await startPipelineStack(4800));
    producer = testKafka().producer();
    await producer.connect();
    sampler = setInterval(() => {
      for (const service of Object.values(stack.services)) peakMib.set(service.name, Math.max(peakMib.get(service.name) ?? 0, residentMib(service.pid)));
    }, 1000);
  }, 240000);

  afterAll(async () => {
    clearInterval(sampler);
    await producer?.disconnect().catch(() => undefined);
    await stopPipelineStack({ stack, database });
  });

  async function produce(people: PersonRecord[]): Promise<void> {
    for (let start = 0; start < people.length; start += 1000) {
      const messages = people.slice(start, start + 1000).map((person) => ({ value: JSON.stringify(person), headers: { 'atlas-source-id': SOURCE_ID, 'atlas-record-key': String(person.id) } }));
      await waitFor(() => producer.send({ topic: TOPICS.RAW_RECORDS, messages }).then(() => true), { timeoutMs: 120000, intervalMs: 1000, description: 'the broker to take records' });
    }
  }

  async function push(people: PersonRecord[], idempotencyKey: string): Promise<string> {
    let runId = '';
    await waitFor(
      async () => {
        const response = await fetch(`${stack.services.gateway.baseUrl}/api/v1/sources/${SOURCE_ID}/records`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
          body: JSON.stringify(people),
        }).catch(() => undefined);
        if (response?.status !== 202) return false;
        runId = ((await response.json()) as { runId: string }).runId;
        return true;
      },
      { timeoutMs: 120000, intervalMs: 1000, description: 'the gateway to accept a push' },
    );
    return runId;
  }

  async function killAndRestart(name: ServiceName): Promise<void> {
    await stack.services[name].stop('SIGKILL');
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 1000));
    stack.services[name].start();
    await stack.services[name].waitUntilReady(120000);
  }

  /** Holds an exclusive lock on the Navigate table for a while, so the sink waits and the stages upstream back up. */
  async function lockNavigate(milliseconds: number): Promise<void> {
    const holder = testDatabase();
    const client = await holder.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE connector.navigate_records IN ACCESS EXCLUSIVE MODE');
      await new Promise((resolveSleep) => setTimeout(resolveSleep, milliseconds));
      await client.query('COMMIT');
    } finally {
      client.release();
      await holder.end();
    }
  }

  async function whole(topic: string): Promise<string[]> {
    const admin = testKafka().admin();
    await admin.connect();
    const total = (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high) - Number(partition.low), 0);
    await admin.disconnect();
    if (total === 0) return [];
    return (await readTopic(topic, (messages) => messages.length >= total, 180000)).map((message) => message.value?.toString('utf8') ?? '');
  }

  async function totalLag(): Promise<number> {
    const admin = testKafka().admin();
    await admin.connect();
    try {
      let lag = 0;
      for (const group of CONSUMING_SERVICES) {
        const committed = await admin.fetchOffsets({ groupId: group });
        const topics = committed.map((entry) => entry.topic);
        const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
        lag += consumerLag(group, committed, ends).reduce((sum, partition) => sum + partition.lag, 0);
      }
      return lag;
    } finally {
      await admin.disconnect();
    }
  }

  it('keeps every record exactly once through kills, a broker and a database restart, a locked table and poison', async () => {
    const people = generatePeople(RECORDS, { seed: 1313 });
    const viaGateway = generatePeople(GATEWAY_RECORDS * 2, { seed: 1414, firstId: RECORDS + 1 });
    let poisonOffsets: string[] = [];
    const faults: Array<[string, () => Promise<void>]> = [
      ...(['connector', 'pii-detection', 'quality', 'lineage'] as ServiceName[]).map((name): [string, () => Promise<void>] => [`SIGKILL ${name}`, () => killAndRestart(name)]),
      [
        'SIGKILL gateway between pushes',
        async () => {
          await push(viaGateway.slice(0, GATEWAY_RECORDS), 'faults-first');
          await killAndRestart('gateway');
          await push(viaGateway.slice(GATEWAY_RECORDS), 'faults-second');
          // The same push again after the crash: the idempotency key makes it one run, not two.
          await push(viaGateway.slice(GATEWAY_RECORDS), 'faults-second');
        },
      ],
      ['broker stop and start', async () => {
        infrastructure('kafka-stop');
        await new Promise((resolveSleep) => setTimeout(resolveSleep, 3000));
        infrastructure('kafka-start');
      }],
      ['PostgreSQL restart', async () => infrastructure('postgres-restart')],
      ['Navigate table locked for 8 s', () => lockNavigate(8000)],
      ['poison records', async () => {
        // One partition, one batch: the i-th poison record is at the batch's base offset + i (dead letters keep only Atlas's headers).
        const [written] = await producer.send({ topic: TOPICS.RAW_RECORDS, messages: POISON_RECORDS.map((poison) => ({ value: poison.value, headers: poison.headers, partition: 0 })) });
        poisonOffsets = POISON_RECORDS.map((_poison, index) => String(BigInt(written.baseOffset ?? '0') + BigInt(index)));
      }],
    ];
    const chunk = Math.ceil(people.length / (faults.length + 1));
    for (const [index, [, fault]] of faults.entries()) {
      await produce(people.slice(index * chunk, (index + 1) * chunk));
      await fault();
    }
    await produce(people.slice(faults.length * chunk));
    for (const service of Object.values(stack.services)) await service.waitUntilReady(120000);

    // Every record exactly once: Navigate holds each valid one, quarantine each invalid one, by record id.
    const expectedNavigate = people.filter(isValidPerson).map((person) => recordIdOfKey(SOURCE_ID, String(person.id))).sort();
    const expectedQuarantine = people.filter((person) => !isValidPerson(person)).map((person) => recordIdOfKey(SOURCE_ID, String(person.id))).sort();
    const gatewayValid = viaGateway.filter(isValidPerson).length;
    const gatewayInvalid = viaGateway.length - gatewayValid;
    const settleMs = 300000 + RECORDS * 10;
    await waitFor(
      async () => {
        const { rows } = await database.query<{ navigated: string; quarantined: string }>(
          `SELECT (SELECT count(*) FROM connector.navigate_records WHERE source_id = $1) AS navigated,
                  (SELECT count(*) FROM quality.quarantined_records WHERE source_id = $1 AND released_at IS NULL) AS quarantined`,
          [SOURCE_ID],
        );
        return Number(rows[0].navigated) >= expectedNavigate.length + gatewayValid && Number(rows[0].quarantined) >= expectedQuarantine.length + gatewayInvalid;
      },
      { timeoutMs: settleMs, intervalMs: 1000, description: 'every record in Navigate or quarantine' },
    );
    await waitFor(async () => (await totalLag()) === 0, { timeoutMs: 180000, intervalMs: 2000, description: 'consumer lag back to zero' });

    const navigated = await database.query<{ record_id: string; run_id: string; copies: string }>(
      `SELECT record_id, min(run_id::text) AS run_id, count(*) AS copies FROM connector.navigate_records WHERE source_id = $1 GROUP BY record_id`,
      [SOURCE_ID],
    );
    expect(navigated.rows.filter((row) => Number(row.copies) !== 1)).toEqual([]);
    const gatewayRunIds = new Set((await database.query<{ run_id: string }>(`SELECT DISTINCT run_id::text AS run_id FROM connector.explore_records WHERE source_id = $1 AND source_location IS NULL`, [SOURCE_ID])).rows.map((row) => row.run_id));
    expect(gatewayRunIds.size).toBe(2);
    const navigatedByKafka = navigated.rows.filter((row) => !gatewayRunIds.has(row.run_id)).map((row) => row.record_id).sort();
    expect(navigatedByKafka).toEqual(expectedNavigate);
    expect(navigated.rows.length - navigatedByKafka.length).toBe(gatewayValid);
    const quarantined = await database.query<{ record_id: string; copies: string }>(
      `SELECT record_id, count(*) AS copies FROM quality.quarantined_records WHERE source_id = $1 AND released_at IS NULL GROUP BY record_id`,
      [SOURCE_ID],
    );
    expect(quarantined.rows.filter((row) => Number(row.copies) !== 1)).toEqual([]);
    expect(quarantined.rows.length).toBe(expectedQuarantine.length + gatewayInvalid);

    // Every poison record dead-lettered with a reason (a redelivery may dead-letter one twice; none is missing).
    const deadLetters = (await whole(TOPICS.DEAD_LETTER)).map((value) => JSON.parse(value) as DeadLetter);
    const rawPartitionZero = deadLetters.filter((letter) => letter.source.topic === TOPICS.RAW_RECORDS && letter.source.partition === 0);
    const reasonAt = new Map(rawPartitionZero.map((letter) => [letter.source.offset, letter.reason]));
    expect(poisonOffsets).toHaveLength(POISON_RECORDS.length);
    for (const [index, poison] of POISON_RECORDS.entries()) expect([poison.kind, reasonAt.get(poisonOffsets[index])]).toEqual([poison.kind, expect.stringMatching(poison.reason)]);

    // No raw e-mail address downstream of Explore: topics, tables, logs, metrics.
    const leaks: string[] = [];
    const scan = (where: string, text: string) => {
      const found = text.match(RAW_EMAIL);
      if (found) leaks.push(`${where}: ${found.length}`);
    };
    for (const topic of [TOPICS.PROTECTED_RECORDS, TOPICS.CHART_RECORDS, TOPICS.PII_FINDINGS, TOPICS.LINEAGE_EVENTS, TOPICS.DEAD_LETTER]) scan(topic, (await whole(topic)).join('\n'));
    // Every column of every row, as text.
    for (const table of ['connector.navigate_records', 'navigate_typed.people', 'quality.quarantined_records', 'gateway.pii_finding_records', 'gateway.pii_finding_counts', 'lineage.run_events']) {
      const exists = await database.query(`SELECT to_regclass($1) AS name`, [table]);
      if (exists.rows[0].name === null) continue;
      const { rows } = await database.query<{ leaked: string }>(`SELECT count(*) AS leaked FROM ${table} AS row_of_table WHERE row_of_table::text ~ $1`, [RAW_EMAIL.source]);
      if (Number(rows[0].leaked) > 0) leaks.push(`${table}: ${rows[0].leaked} rows`);
    }
    for (const name of SERVICE_NAMES) {
      const log = readFileSync(logFile(name)).subarray(logStarts.get(name) ?? 0).toString('utf8');
      scan(`${name} log`, log);
      scan(`${name} /metrics`, await (await fetch(`${stack.services[name].baseUrl}/metrics`)).text());
    }
    expect(leaks).toEqual([]);
    // Explore keeps the raw records (that is its job), so the scan above would have found them there.
    const explore = await database.query<{ raw: string }>(`SELECT count(*) AS raw FROM connector.explore_records WHERE payload::text ~ $1`, [RAW_EMAIL.source]);
    expect(Number(explore.rows[0].raw)).toBeGreaterThan(0);

    const peaks = Object.fromEntries(peakMib);
    console.log(`faults: ${RECORDS} records, ${faults.map(([name]) => name).join(', ')}; peak resident MiB per service ${JSON.stringify(peaks)}`);
    // Each service ran with its memory bounds as deployed (deploy/node-memory.conf), so it must stay within its pod's limit.
    for (const [name, peak] of peakMib) {
      const limit = mebibytes(serviceContainer(REPOSITORY_ROOT, name).resources.limits.memory);
      expect([name, peak, peak <= limit]).toEqual([name, peak, true]);
    }
  }, 1_800_000);
});
