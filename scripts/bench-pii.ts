/**
 * PII detection and protection throughput on one core (this process is single-threaded):
 *  - records/s: 10-field records (names, e-mail, phone, IBAN, IP, free-text notes with personal data
 *    inside) through the same RecordProtector the pipeline runs, with the default policy;
 *  - texts/s: the analyzer alone on the presidio-research free texts (what POST /analyze runs);
 *  - with --url, texts/s through a running service's Presidio-compatible POST /analyze.
 * Usage: npm run bench:pii -- [--records 50000] [--url http://127.0.0.1:3002 --api-key KEY]
 *        (the service's own port takes only the service credential: a key of ATLAS_SERVICE_API_KEYS)
 *        npm run bench:pii -- --adversarial   (the inputs that once took seconds, timed)
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { BUILT_IN_DEFAULT_POLICY } from '../apps/pii-detection/src/anonymization/policies/policy.types';
import { createAnalyzer } from '../apps/pii-detection/src/detection/detection.factory';
import { RecordProtector } from '../apps/pii-detection/src/structured/record-protector';
import { adversarialTimings } from './pii-adversarial';
import { sharedDataFile } from './repository-root';
import { tenFieldRecords } from './ten-field-records';

const DATASET = sharedDataFile(__dirname, 'presidio-research', 'generated_large.json');

function memoryMib(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '50000' },
      texts: { type: 'string', default: '2109' },
      url: { type: 'string' },
      'api-key': { type: 'string' },
      adversarial: { type: 'boolean', default: false },
    },
  });
  const analyzer = createAnalyzer();
  if (values.adversarial) {
    console.table(await adversarialTimings(analyzer));
    return;
  }
  const protector = new RecordProtector(analyzer, { keys: { hashKey: randomBytes(32), encryptKey: randomBytes(32) } });
  const records = tenFieldRecords(Number(values.records));

  // Warm-up: JIT and the per-field classification (learned once per source, as in the pipeline).
  for (const record of records.slice(0, 2000)) await protector.protect('bench', record, BUILT_IN_DEFAULT_POLICY);
  const memoryBefore = memoryMib();
  let findings = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // Resident memory at every tenth of the run: flat means no per-record state is retained.
  const tenth = Math.max(1, Math.floor(records.length / 10));
  const memorySamples: number[] = [];
  for (let index = 0; index < records.length; index++) {
    findings += (await protector.protect('bench', records[index], BUILT_IN_DEFAULT_POLICY)).findings.length;
    if ((index + 1) % tenth === 0) memorySamples.push(memoryMib());
  }
  const recordSeconds = (performance.now() - started) / 1000;
  // CPU time of this single-threaded process: records per core-second, unaffected by waiting for a core on a busy machine.
  const cpu = process.cpuUsage(cpuBefore);
  const recordCpuSeconds = (cpu.user + cpu.system) / 1e6;
  const memoryAfter = memoryMib();

  const texts = (JSON.parse(readFileSync(DATASET, 'utf8')) as Array<{ full_text: string }>).map((sample) => sample.full_text).slice(0, Number(values.texts));
  for (const text of texts.slice(0, 200)) analyzer.analyze(text);
  const rounds = 5;
  const textsStarted = performance.now();
  for (let round = 0; round < rounds; round++) for (const text of texts) analyzer.analyze(text);
  const textSeconds = (performance.now() - textsStarted) / 1000;

  const result: Record<string, unknown> = {
    recordsPerSecond: Math.round(records.length / recordSeconds),
    recordsPerCpuSecond: Math.round(records.length / recordCpuSeconds),
    records: records.length,
    fieldsPerRecord: 10,
    findingsPerRecord: Number((findings / records.length).toFixed(2)),
    analyzerTextsPerSecond: Math.round((texts.length * rounds) / textSeconds),
    texts: texts.length * rounds,
    rssMiB: { beforeTimedRun: memoryBefore, everyTenthOfTheRun: memorySamples, afterTimedRun: memoryAfter },
    node: process.version,
  };

  if (values.url) {
    const batchSize = 100;
    const httpStarted = performance.now();
    for (let start = 0; start < texts.length; start += batchSize) {
      const response = await fetch(`${values.url}/analyze`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${values['api-key'] ?? ''}` },
        body: JSON.stringify({ text: texts.slice(start, start + batchSize), language: 'en' }),
      });
      if (!response.ok) throw new Error(`/analyze answered ${response.status}: ${await response.text()}`);
      await response.json();
    }
    result.httpAnalyzeTextsPerSecond = Math.round(texts.length / ((performance.now() - httpStarted) / 1000));
    result.httpAnalyzeBatchSize = batchSize;
  }
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(`bench:pii failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
