/**
 * File source throughput in the connector process (one core; no broker): a CSV built from the
 * FakeNameGenerator sample (30 columns, about 270 bytes a row) repeated to --rows rows, read by the
 * file connector, each record then checked against the record limits and enveloped with its
 * checksum and location, which is the runner's work before publishing. Reports records/s, MB/s
 * and the peak resident memory while reading (it must stay flat whatever the file size).
 * Usage: npm run bench:connectors -- [--rows 300000] [--format csv|jsonl]
 *        npm run bench:connectors -- --source http [--rows 100000] [--page-size 1000]   (bench-http-source.ts)
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DEFAULT_RECORD_LIMITS, envelopeRecord, recordProblemOf } from '../libs/ingestion/src';
import { FileSourceConnector } from '../apps/connector/src/sources/connectors/file/file-source.connector';
import { benchHttpSource } from './bench-http-source';
import { sharedDataFile } from './repository-root';

const RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';

async function writeFile(path: string, rows: number, format: 'csv' | 'jsonl'): Promise<void> {
  const [header, ...sample] = readFileSync(sharedDataFile(__dirname, 'presidio-research', 'FakeNameGenerator.com_3000.csv'), 'utf8').replace(/^\ufeff/, '').trim().split('\n');
  const columns = header.split(',');
  const output = createWriteStream(path);
  const write = async (text: string) => {
    if (!output.write(text)) await once(output, 'drain');
  };
  if (format === 'csv') await write(`${header}\n`);
  for (let index = 0; index < rows; index++) {
    const row = sample[index % sample.length];
    if (format === 'csv') await write(`${index},${row.slice(row.indexOf(',') + 1)}\n`);
    else await write(`${JSON.stringify(Object.fromEntries(row.split(',').map((value, column) => [columns[column] ?? `column_${column}`, column === 0 ? index : value])))}\n`);
  }
  output.end();
  await once(output, 'finish');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: 'string' }, format: { type: 'string', default: 'csv' }, source: { type: 'string', default: 'file' }, 'page-size': { type: 'string', default: '1000' } },
  });
  if (values.source === 'http') return benchHttpSource(__dirname, Number(values.rows ?? '100000'), Number(values['page-size']));
  const rows = Number(values.rows ?? '300000');
  const format = values.format === 'jsonl' ? 'jsonl' : 'csv';
  const directory = mkdtempSync(join(tmpdir(), 'atlas-bench-connectors-'));
  try {
    const file = `bench.${format}`;
    await writeFile(join(directory, file), rows, format);
    const bytes = statSync(join(directory, file)).size;
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
