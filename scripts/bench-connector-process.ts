/**
 * The connector's memory while it ingests a large CSV through the real path: a --megabytes file
 * (1 GiB by default) is streamed to a temporary directory, a real connector process (dist/apps/connector,
 * its own OS process) is started against KAFKA_BROKERS / DATABASE_URL, a file source is created through
 * its API and run: read, limits checked, enveloped, published to atlas.ingest.records.v1, stored in
 * connector.explore_records with its profile by the connector's own Explore consumer (and passed on to
 * atlas.explore.records.v1), every checkpoint committed once its records are stored. The process's
 * resident memory (/proc/<pid>/status VmRSS) is sampled every 250 ms: reported at 10 %, 50 % and 90 %
 * of the rows published and its peak, with records/s. The file, the run's Explore rows and the process
 * are removed at the end. Part of `npm run bench:connectors -- --process`.
 * The other services are not started: the connector's memory does not depend on them.
 * The connector runs with its memory bounds as deployed (deploy/node-memory.conf: V8 flags and glibc's
 * settings); `--default-memory` runs it with Node's defaults instead. `--max-minutes` stops a run that
 * takes longer (a loaded machine) and reports what it measured until then.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { runMigrations } from '@atlas/database';
import { deadLetterUnsealerForVaultKey, ensureTopics, kafkaConnection } from '@atlas/kafka';
import { KafkaClientEnvironment, NodeMemorySettings, readServiceNodeMemorySettings, validateEnvironment } from '@atlas/config';
import { writeBenchFile } from './bench-connector-files';
import { repositoryRoot } from './repository-root';

const SERVICE_KEY = 'bench-connector-service-key-0123456789';
const SAMPLE_MS = 250;

interface RunBody {
  runId: string;
  state: string;
  recordsRead: number;
  recordsPublished: number;
  recordsDeadLettered: number;
  error: string | null;
  startedAt: string | null;
  endedAt: string | null;
}

interface MemorySample {
  at: number;
  residentKib: number;
  published: number;
}

function residentKib(pid: number): number {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? 0);
}

const mib = (kib: number) => `${Math.round(kib / 1024)} MiB`;

/** The first sample at or after `share` of the rows published (the RSS "at 10 %" etc.). */
export function sampleAtShare(samples: readonly MemorySample[], rows: number, share: number): MemorySample | undefined {
  return samples.find((sample) => sample.published >= rows * share);
}

function startConnector(root: string, port: number, fileDirectory: string, logFile: string, memory: NodeMemorySettings): ChildProcess {
  const environment = {
    ...process.env,
    ...memory.environment,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HTTP_PORT: String(port),
    ATLAS_SERVICE_API_KEYS: SERVICE_KEY,
    ATLAS_DEAD_LETTER_PUBLIC_KEY: deadLetterUnsealerForVaultKey(Buffer.alloc(32, 5)).publicKeyBase64,
    CONNECTOR_FILE_DIRECTORY: fileDirectory,
    CONNECTOR_SCHEDULES_ENABLED: 'false',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  const child = spawn(process.execPath, [...memory.flags, join(root, 'dist', 'apps', 'connector', 'src', 'main.js')], { cwd: root, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

async function api<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${SERVICE_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function waitUntilReady(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the connector exited with ${child.exitCode} (see its log)`);
    const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
  }
  throw new Error('the connector was not ready within 120 s');
}

export interface ProcessBenchOptions {
  bytes: number;
  port: number;
  /** Node's default heap sizing and malloc arenas instead of the deployed ones. */
  defaultMemory: boolean;
  /** Stops (cancels) the run after this long and reports what was measured. */
  maxMinutes: number;
}

export async function benchConnectorProcess(scriptDirectory: string, options: ProcessBenchOptions): Promise<void> {
  const environment = validateEnvironment(KafkaClientEnvironment);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('--process needs KAFKA_BROKERS and DATABASE_URL (a broker and a database, e.g. from deploy/local/infra.sh)');
  const root = repositoryRoot(scriptDirectory);
  await runMigrations(databaseUrl);
  await ensureTopics(kafkaConnection(environment));
  const directory = mkdtempSync(join(tmpdir(), 'atlas-bench-connector-process-'));
  const logFile = join(tmpdir(), `atlas-bench-connector-${process.pid}.log`);
  const database = new Pool({ connectionString: databaseUrl, max: 2 });
  let child: ChildProcess | undefined;
  const sourceId = `bench-csv-${Date.now()}`;
  try {
    const writing = Date.now();
    const file = await writeBenchFile(scriptDirectory, join(directory, 'bench.csv'), { bytes: options.bytes }, 'csv');
    console.log(`file: ${file.rows.toLocaleString('en')} rows, ${(file.bytes / 2 ** 20).toFixed(0)} MiB written in ${((Date.now() - writing) / 1000).toFixed(0)} s`);
    const memory = options.defaultMemory ? { flags: [], environment: {} } : readServiceNodeMemorySettings(root, 'connector');
    child = startConnector(root, options.port, directory, logFile, memory);
    console.log(`connector: ${options.defaultMemory ? "Node's default memory settings" : `${memory.flags.join(' ')}, ${Object.entries(memory.environment).map(([name, value]) => `${name}=${value}`).join(' ')}`}`);
    const baseUrl = `http://127.0.0.1:${options.port}`;
    await waitUntilReady(baseUrl, child);
    const idle = residentKib(child.pid!);
    await api(baseUrl, 'POST', '/api/v1/sources', { sourceId, type: 'file', config: { path: 'bench.csv', format: 'csv' } });
    const { runId } = await api<RunBody>(baseUrl, 'POST', `/api/v1/sources/${sourceId}/runs`);
    const samples: MemorySample[] = [];
    let published = 0;
    const sampler = setInterval(() => samples.push({ at: Date.now(), residentKib: residentKib(child!.pid!), published }), SAMPLE_MS);
    let run: RunBody;
    const deadline = Date.now() + options.maxMinutes * 60_000;
    // Ctrl-C ends the run like --max-minutes does, so the file, the rows and the process are still removed.
    let interrupted = false;
    process.once('SIGINT', () => (interrupted = true));
    for (let lastReport = Date.now(); ; ) {
      run = await api<RunBody>(baseUrl, 'GET', `/api/v1/runs/${runId}`);
      published = run.recordsPublished;
      if (!['queued', 'running'].includes(run.state)) break;
      if (Date.now() > deadline || interrupted) {
        run = await api<RunBody>(baseUrl, 'POST', `/api/v1/runs/${runId}/cancel`);
        const reason = interrupted ? 'interrupted' : `stopped after ${options.maxMinutes} min (--max-minutes)`;
        console.log(`  ${reason}: the run is cancelled; figures below cover what it read until then`);
        break;
      }
      if (Date.now() - lastReport > 60_000) {
        lastReport = Date.now();
        const recent = samples.slice(-240);
        console.log(`  ${published.toLocaleString('en')} published (${((100 * published) / file.rows).toFixed(1)} %), RSS ${mib(recent.at(-1)?.residentKib ?? 0)}, highest of the last minute ${mib(Math.max(...recent.map((sample) => sample.residentKib)))}`);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 1000));
    }
    clearInterval(sampler);
    if (run.state !== 'succeeded' && run.state !== 'cancelled') throw new Error(`the run ended ${run.state}: ${run.error}`);
    const seconds = ((run.endedAt ? Date.parse(run.endedAt) : Date.now()) - Date.parse(run.startedAt!)) / 1000;
    const { rows } = await database.query<{ stored: string }>('SELECT count(*) AS stored FROM connector.explore_records WHERE run_id = $1', [runId]);
    const peak = samples.reduce((highest, sample) => Math.max(highest, sample.residentKib), idle);
    const at = (share: number) => {
      const sample = sampleAtShare(samples, file.rows, share);
      return sample ? mib(sample.residentKib) : 'not reached';
    };
    console.log(`connector process, CSV ${(file.bytes / 2 ** 20).toFixed(0)} MiB: run ${run.state}, ${run.recordsRead.toLocaleString('en')} read, ${run.recordsPublished.toLocaleString('en')} published, ${Number(rows[0].stored).toLocaleString('en')} stored in Explore, ${run.recordsDeadLettered} dead-lettered`);
    console.log(`  ${seconds.toFixed(0)} s: ${Math.round(run.recordsPublished / seconds).toLocaleString('en')} records/s, ${((file.bytes * (run.recordsRead / file.rows)) / 2 ** 20 / seconds).toFixed(2)} MiB/s (read, published, stored in Explore with the profile)`);
    console.log(`  RSS idle ${mib(idle)}; at 10 % ${at(0.1)}, 50 % ${at(0.5)}, 90 % ${at(0.9)}; peak ${mib(peak)} (${samples.length} samples)`);
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolveExit) => child!.once('exit', resolveExit));
    }
    rmSync(directory, { recursive: true, force: true });
    // The bench's rows would otherwise stay in Explore (a gigabyte of them).
    await database.query('DELETE FROM connector.explore_records WHERE source_id = $1', [sourceId]).catch(() => undefined);
    await database.end();
    console.log(`  connector log: ${logFile}`);
  }
}
