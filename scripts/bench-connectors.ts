/**
 * File source throughput in the connector process (one core; no broker): a CSV built from the
 * FakeNameGenerator sample (30 columns, about 270 bytes a row) repeated to --rows rows, read by the
 * file connector, each record then checked against the record limits and enveloped with its
 * checksum and location, which is the runner's work before publishing. Reports records/s, MB/s
 * and the peak resident memory while reading (it must stay flat whatever the file size).
 * Usage: npm run bench:connectors -- [--rows 300000] [--format csv|jsonl]
 *        npm run bench:connectors -- --process [--megabytes 1024] [--port 3190] [--default-memory] [--max-minutes 240]
 *          (bench-connector-process.ts: a 1 GiB CSV ingested by a real connector process against KAFKA_BROKERS /
 *          DATABASE_URL, its RSS sampled)
 *        npm run bench:connectors -- --source http [--rows 100000] [--page-size 1000]   (bench-http-source.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RECORD_LIMITS, envelopeRecord, recordProblemOf } from '../libs/ingestion/src';
import { FileSourceConnector } from '../apps/connector/src/sources/connectors/file/file-source.connector';
import { writeBenchFile } from './bench-connector-files';
import { benchConnectorProcess } from './bench-connector-process';
import { benchHttpSource } from './bench-http-source';

const RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      source: { type: 'string', default: 'file' },
      'page-size': { type: 'string', default: '1000' },
      process: { type: 'boolean', default: false },
      megabytes: { type: 'string', default: '1024' },
      port: { type: 'string', default: '3190' },
      'default-memory': { type: 'boolean', default: false },
      'max-minutes': { type: 'string', default: '240' },
    },
  });
  if (values.source === 'http') return benchHttpSource(__dirname, Number(values.rows ?? '100000'), Number(values['page-size']));
  if (values.process) {
    return benchConnectorProcess(__dirname, { bytes: Number(values.megabytes) * 2 ** 20, port: Number(values.port), defaultMemory: values['default-memory'], maxMinutes: Number(values['max-minutes']) });
  }
  const rows = Number(values.rows ?? '300000');
  const format = values.format === 'jsonl' ? 'jsonl' : 'csv';
  const directory = mkdtempSync(join(tmpdir(), 'atlas-bench-connectors-'));
  try {
    const file = `bench.${format}`;
    const { bytes } = await writeBenchFile(__dirname, join(directory, file), { rows }, format);
    const connector = new FileSourceConnector();
    const context = { fileDirectory: directory, limits: DEFAULT_RECORD_LIMITS, secret: () => undefined };
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const started = process.hrtime.bigint();
    let records = 0;
    let malformed = 0;
    for await (const message of connector.read({ path: file, format }, null, context)) {
      if (message.type === 'malformed') malformed++;
      if (message.type !== 'record') continue;
      if (recordProblemOf(message.payload, records, context.limits)) malformed++;
      envelopeRecord({ sourceId: 'bench', runId: RUN_ID, index: records, location: message.location, ingestedAt: '2026-01-15T10:00:00.000Z', payload: message.payload });
      records++;
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(`file source (${format}): ${records.toLocaleString('en')} records, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s`);
    console.log(`  ${Math.round(records / seconds).toLocaleString('en')} records/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s (read, limits checked, enveloped with checksum)`);
    console.log(`  peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; malformed ${malformed}`);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
