/**
 * End to end on this machine: records written by an external Kafka producer to atlas.raw.records.v1
 * (or, with --via gateway, pushed through the gateway) flow through connector, pii-detection, quality
 * and the Navigate sink with lineage and findings on. Reports sustained records/s, the latency from a
 * record's send to its Navigate row (p50/p95/p99), each process's CPU share and its memory over the run (peak per minute).
 * Each run uses a source of its own with a contract, so rows of earlier runs never count.
 * With --cpu-profile DIR, V8's sampling profiler runs in each service from the first send to the last
 * row, and the run writes DIR/<service>.cpuprofile (a flame chart in Chrome DevTools or speedscope) and
 * reports each service's self time by area and by function.
 * With --partition N the producer writes every record to raw partition N instead of spreading them;
 * with --partition sticky it writes each send (100 ms of a paced run) whole to one partition, the next to the next.
 * With --warm-up N it first sends N records the same way under a source of their own and waits for all
 * of them and for their runs to end, so the measured run finds the services, the broker and PostgreSQL past their first minutes
 * (JIT compilation, pools, caches); nothing of the warm-up is counted.
 * Usage: npm run bench:e2e -- [--records 10000] [--warm-up 0] [--via kafka|gateway] [--rate 5000 (records/s; 0 = as fast as possible)] [--partition N|sticky] [--cpu-profile DIR]
 */
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { Pool } from 'pg';
import { TOPIC_DEFINITIONS, TOPICS } from '@atlas/contracts';
import { clientOptionsFromArguments, pushRecords, type ClientOptions } from './pipeline-client';
import { CLOCK_TICKS_PER_SECOND, currentStack, stackGroups, stackUsage } from './stack-processes';
import { startServiceProfiles, type ServiceProfiles } from './service-cpu-profiles';
import { twoTextRecords } from './ten-field-records';
import { benchContract, failureWithCause, runSizes, ingestionRunSummary, latencySummary, memorySummary, rawPartitionOfSends, throughputSummary, type MemorySample } from './bench-e2e-measures';

const GATEWAY_BATCH = 500;
const PUSH_ATTEMPTS = 5;
const KAFKA_BATCH = 1000;
const TICK_MS = 100;

type Sender = (records: Record<string, unknown>[]) => Promise<void>;

async function call(options: ClientOptions, method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${options.gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${options.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
}

/** Kafka's default partitioner spreads the messages over the raw partitions, unless `partitionOfSend` names one. */
function kafkaSender(producer: Producer, sourceId: string, partitionOfSend: () => number | undefined): Sender {
  return async (records) => {
    const partition = partitionOfSend();
    await producer.send({
      topic: TOPICS.RAW_RECORDS,
      messages: records.map((record) => ({
        ...(partition === undefined ? {} : { partition }),
        value: JSON.stringify(record),
        headers: { 'atlas-source-id': sourceId, 'atlas-record-key': String(record.id) },
      })),
    });
  };
}

/**
 * Pushes in batches of GATEWAY_BATCH, each under its own Idempotency-Key, so a push whose connection
 * failed is sent again under the same key, as a client should (the gateway stores it once, or answers
 * 409 while the first attempt is still in progress); every retry is noted in `retries`.
 */
function gatewaySender(options: ClientOptions, sourceId: string, retries: string[]): Sender {
  return async (records) => {
    for (let start = 0; start < records.length; start += GATEWAY_BATCH) {
      const batch = records.slice(start, start + GATEWAY_BATCH);
      for (let attempt = 1; ; attempt++) {
        try {
          await pushRecords(options, sourceId, batch, `${sourceId}-${String(batch[0].id)}`);
          break;
        } catch (error) {
          const retriable = error instanceof TypeError || (error instanceof Error && error.message.startsWith('push failed: 409'));
          if (!retriable || attempt === PUSH_ATTEMPTS) throw error;
          retries.push(failureWithCause(error));
          await new Promise((resolveWait) => setTimeout(resolveWait, 500 * attempt));
        }
      }
    }
  };
}

/** Sends every record, at `rate` records/s when given (in 100 ms ticks), and notes when each id was handed over. */
async function sendAll(records: Record<string, unknown>[], send: Sender, rate: number, sentAt: Map<number, number>): Promise<void> {
  const chunk = rate > 0 ? Math.max(1, Math.round((rate * TICK_MS) / 1000)) : KAFKA_BATCH;
  const started = performance.now();
  for (let start = 0, tick = 0; start < records.length; start += chunk, tick++) {
    if (rate > 0) {
      const due = started + tick * TICK_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolveWait) => setTimeout(resolveWait, wait));
    }
    const batch = records.slice(start, start + chunk);
    const now = Date.now();
    for (const record of batch) sentAt.set(Number(record.id), now);
    await send(batch);
  }
}

/** The stack's services (name → pid), the broker and PostgreSQL left out. */
function servicePids(): Map<string, number> {
  const services = new Map<string, number>();
  for (const [name, members] of stackGroups()) if (name !== 'kafka' && name !== 'postgres') services.set(name, members[0].pid);
  if (services.size === 0) throw new Error('--cpu-profile: no service of this checkout is running (./atlas up starts them)');
  return services;
}

async function arrived(database: Pool, sourceId: string): Promise<{ navigated: number; quarantined: number }> {
  const { rows } = await database.query<{ navigated: string; quarantined: string }>(
    `SELECT (SELECT count(*) FROM connector.navigate_records WHERE source_id = $1) AS navigated,
            (SELECT count(*) FROM quality.quarantined_records WHERE source_id = $1 AND released_at IS NULL) AS quarantined`,
    [sourceId],
  );
  return { navigated: Number(rows[0].navigated), quarantined: Number(rows[0].quarantined) };
}

/** Reads until `done` holds for what was read, every 250 ms; past `timeoutSeconds` it fails with `timedOut` of the last reading. */
async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutSeconds: number, timedOut: (value: T) => string): Promise<T> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (let value = await read(); ; value = await read()) {
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${timedOut(value)}`);
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 250));
  }
}

/** Waits until all `count` records of the source are in Navigate or quarantine. */
function waitForArrival(database: Pool, sourceId: string, count: number, timeoutSeconds: number): Promise<{ navigated: number; quarantined: number }> {
  return pollUntil(
    () => arrived(database, sourceId),
    (outcome) => outcome.navigated + outcome.quarantined >= count,
    timeoutSeconds,
    (outcome) => `${outcome.navigated} navigated + ${outcome.quarantined} quarantined of ${count} (source ${sourceId})`,
  );
}

/**
 * Waits until the source's runs are over everywhere: its raw runs closed and announced, and no stage
 * still running one. A warm-up whose runs ended during the measured run would charge it their ends.
 */
async function waitForRunsEnded(database: Pool, sourceId: string, timeoutSeconds: number): Promise<void> {
  const openRuns = async () => {
    const { rows } = await database.query<{ open: string }>(
      `SELECT (SELECT count(*) FROM connector.raw_record_runs WHERE source_id = $1 AND announced_at IS NULL)
            + (SELECT count(*) FROM connector.lineage_stage_runs WHERE source_id = $1 AND state = 'running')
            + (SELECT count(*) FROM pii_detection.lineage_stage_runs WHERE source_id = $1 AND state = 'running')
            + (SELECT count(*) FROM quality.lineage_stage_runs WHERE source_id = $1 AND state = 'running') AS open`,
      [sourceId],
    );
    return Number(rows[0].open);
  };
  await pollUntil(openRuns, (open) => open === 0, timeoutSeconds, (open) => `${open} run(s) of source ${sourceId} still open`);
}

/** A source of the benchmark's own, with its contract active, so only its own rows count. */
async function createBenchSource(options: ClientOptions, sourceId: string): Promise<void> {
  const contract = benchContract(sourceId);
  await call(options, 'POST', '/api/v1/contracts', contract);
  await call(options, 'POST', `/api/v1/contracts/${contract.id}/versions/${contract.version}/activate`);
}

async function main(): Promise<void> {
  const { options, values } = clientOptionsFromArguments({
    records: { type: 'string', default: '10000' },
    via: { type: 'string', default: 'kafka' },
    rate: { type: 'string', default: '0' },
    'timeout-seconds': { type: 'string', default: '1800' },
    'cpu-profile': { type: 'string', default: '' },
    partition: { type: 'string', default: '' },
    'warm-up': { type: 'string', default: '0' },
  });
  const { count, warmUpCount, timeoutSeconds } = runSizes(values.records ?? '', values['warm-up'] ?? '', values['timeout-seconds'] ?? '');
  const rate = Number(values.rate);
  if (values.via !== 'kafka' && values.via !== 'gateway') throw new Error('--via must be kafka or gateway');
  const partitionOption = values.partition ?? '';
  if (partitionOption !== '' && values.via !== 'kafka') throw new Error('--partition applies to --via kafka only');
  // The raw topic's partitions as setup creates them; checked before the run creates anything.
  const rawPartitions = TOPIC_DEFINITIONS.find((topic) => topic.name === TOPICS.RAW_RECORDS)!.partitions;
  const partitionOfSend = rawPartitionOfSends(partitionOption, rawPartitions);
  const sourceId = `bench-e2e-${Date.now().toString(36)}`;
  const warmUpSourceId = `${sourceId}-warm-up`;
  if (warmUpCount > 0) await createBenchSource(options, warmUpSourceId);
  await createBenchSource(options, sourceId);

  const records = twoTextRecords(count);
  const database = new Pool({ connectionString: options.databaseUrl, max: 2 });
  const kafka = new Kafka({ clientId: 'atlas-bench-e2e', brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const sentAt = new Map<number, number>();
  const memory = new Map<string, MemorySample[]>();
  const sample = () => {
    const usage = stackUsage();
    const atMs = Date.now();
    for (const [name, { residentMib }] of usage) {
      const samples = memory.get(name) ?? [];
      samples.push({ atMs, residentMib });
      memory.set(name, samples);
    }
    return usage;
  };
  let profiles: ServiceProfiles | undefined;
  const pushRetries: string[] = [];
  const senderFor = (source: string, retries: string[]): Sender =>
    values.via === 'kafka' ? kafkaSender(producer, source, partitionOfSend) : gatewaySender(options, source, retries);
  try {
    if (values.via === 'kafka') await producer.connect();
    // The same records, rate and path under a source of its own, awaited in full before anything is measured.
    let warmUp: { records: number; seconds: number } | undefined;
    if (warmUpCount > 0) {
      const warmUpStarted = Date.now();
      await sendAll(twoTextRecords(warmUpCount), senderFor(warmUpSourceId, []), rate, new Map());
      await waitForArrival(database, warmUpSourceId, warmUpCount, timeoutSeconds);
      await waitForRunsEnded(database, warmUpSourceId, timeoutSeconds);
      warmUp = { records: warmUpCount, seconds: Number(((Date.now() - warmUpStarted) / 1000).toFixed(1)) };
    }
    const profileDirectory = values['cpu-profile'] ?? '';
    if (profileDirectory !== '') profiles = await startServiceProfiles(servicePids(), join(currentStack().stateDirectory, 'logs'), resolve(profileDirectory));
    const usageBefore = sample();
    const benchCpuBefore = process.cpuUsage();
    const started = Date.now();
    const sampler = setInterval(sample, 1000);
    await sendAll(records, senderFor(sourceId, pushRetries), rate, sentAt);
    const sentMs = Date.now() - started;
    const outcome = await waitForArrival(database, sourceId, count, timeoutSeconds);
    clearInterval(sampler);
    const usageAfter = sample();
    const cpuProfiles = profiles ? await profiles.stop() : undefined;
    profiles = undefined;
    const elapsedSeconds = (Date.now() - started) / 1000;
    const benchCpu = process.cpuUsage(benchCpuBefore);

    const { rows } = await database.query<{ id: string; run_id: string; written: string }>(
      `SELECT payload->>'id' AS id, run_id, (extract(epoch FROM written_at) * 1000)::float8 AS written FROM connector.navigate_records WHERE source_id = $1`,
      [sourceId],
    );
    const writes = rows.map((row) => ({ sentAt: sentAt.get(Number(row.id)), writtenAt: Number(row.written) }));
    const cpuShare: Record<string, { cpuSeconds: number; coresUsed: number }> = {};
    for (const [name, after] of usageAfter) {
      const cpuSeconds = (after.cpuTicks - (usageBefore.get(name)?.cpuTicks ?? 0)) / CLOCK_TICKS_PER_SECOND;
      cpuShare[name] = { cpuSeconds: Number(cpuSeconds.toFixed(1)), coresUsed: Number((cpuSeconds / elapsedSeconds).toFixed(2)) };
    }
    const benchCpuSeconds = (benchCpu.user + benchCpu.system) / 1e6;
    cpuShare['bench (producer)'] = { cpuSeconds: Number(benchCpuSeconds.toFixed(1)), coresUsed: Number((benchCpuSeconds / elapsedSeconds).toFixed(2)) };
    const residentMib: Record<string, ReturnType<typeof memorySummary>> = {};
    for (const [name, samples] of memory) residentMib[name] = memorySummary(samples, started);

    console.log(
      JSON.stringify(
        {
          via: values.via,
          ...(partitionOption === '' ? {} : { rawPartition: partitionOption === 'sticky' ? 'sticky' : Number(partitionOption) }),
          records: count,
          ...(warmUp ? { warmUp } : {}),
          recordShape: '10 fields: id, name, email, phone, city, notes and comments (free text with names, e-mails, phones), signup_date, iban, amount',
          targetRate: rate > 0 ? rate : 'as fast as possible',
          ...(values.via === 'gateway' ? { pushRetries } : {}),
          sentInSeconds: Number((sentMs / 1000).toFixed(2)),
          ...throughputSummary(writes),
          navigated: outcome.navigated,
          quarantined: outcome.quarantined,
          latencyMs: latencySummary(writes),
          ingestionRuns: ingestionRunSummary(rows.map((row) => row.run_id)),
          cpuShare,
          residentMib,
          ...(cpuProfiles ? { cpuProfiles } : {}),
          cores: cpus().length,
          loadAverageAtEnd: loadavg().map((value) => Number(value.toFixed(2))),
          node: process.version,
        },
        null,
        2,
      ),
    );
  } finally {
    await profiles?.stop().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await database.end();
  }
}

main().catch((error: unknown) => {
  console.error(`bench:e2e failed: ${failureWithCause(error)}`);
  process.exit(1);
});
