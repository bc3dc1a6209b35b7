/**
 * Profiler throughput in one process (no database): the FakeNameGenerator sample (30 columns)
 * repeated to --rows records, profiled in batches of --batch records (one run), each batch's
 * profile merged into the run's the way the Explore transaction does it (without the I/O).
 * Reports records/s and field values/s, and the run's distinct estimate of the unique column.
 * Usage: npm run bench:profile -- [--rows 300000] [--batch 500]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { profileRecords } from '../apps/connector/src/explore/profile/batch-profile';
import { FieldProfile } from '../apps/connector/src/explore/profile/field-profile';
import { sharedDataFile } from './repository-root';

function main(): void {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '300000' }, batch: { type: 'string', default: '500' } } });
  const rows = Number(values.rows);
  const batchSize = Number(values.batch);
  const sample = parse(readFileSync(sharedDataFile(__dirname, 'presidio-research', 'FakeNameGenerator.com_3000.csv')), { columns: true, bom: true }) as Array<Record<string, string>>;
  const run = new Map<string, FieldProfile>();
  let fieldValues = 0;
  const started = process.hrtime.bigint();
  for (let first = 0; first < rows; first += batchSize) {
    const records = [];
    for (let index = first; index < Math.min(rows, first + batchSize); index++) {
      const payload = { ...sample[index % sample.length], Number: String(index) };
      fieldValues += Object.keys(payload).length;
      records.push({ sourceId: 'bench', runId: 'run', payload });
    }
    for (const [name, profile] of profileRecords(records)[0].fields) {
      const known = run.get(name);
      if (known) known.merge(profile);
      else run.set(name, profile);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`profiled ${rows} records (${run.size} fields, batches of ${batchSize}) in ${seconds.toFixed(2)} s: ${Math.round(rows / seconds)} records/s, ${Math.round(fieldValues / seconds)} field values/s`);
  console.log(`distinct estimate of the unique column Number: ${run.get('Number')!.distinct.estimate()} (true ${rows})`);
}

main();
