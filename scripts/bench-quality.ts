/**
 * Per-record data quality throughput on one core (this process is single-threaded): records/s
 * through the checker the quality service runs in the stream, with a contract of 20 per-record
 * checks over 8 of 10 fields (required, types, pattern, format, ranges, lengths, allowed values, a
 * timestamp in a JDK format with bounds, one Atlas expression across three fields). About one record
 * in ten breaks a check.
 *  - "stream": what the consumer does per record: the protected paths of the record's findings
 *    (two per record, as the default policy leaves them) and the evaluation;
 *  - "all evaluated": the same records without findings, so every check runs on every value.
 * With 5 windowed checks (SodaCL, windows of 1,000 records: row count, missing % of email, invalid %
 * of status, avg and min of amount), scripts/bench-quality-windows.ts measures what the consumer
 * does per batch of 500 (judge each record, add it to its windows) and, given --database-url or
 * DATABASE_URL, the same 5 checks as one SQL query over the same rows in PostgreSQL (the results
 * are compared: they must be equal) and the consumer's stored path: the first --stored-records records
 * judged and stored per batch by the service's ResultsRepository in a database the bench creates
 * (scripts/bench-quality-stored.ts).
 * Usage: npm run bench:quality -- [--records 200000] [--rounds 5] [--stored-records 50000] [--database-url postgres://...]
 */
import { parseArgs } from 'node:util';
import { protectedPathsOf } from '../apps/quality/src/checks/record-checker';
import { checkerFor, compileContract } from '../apps/quality/src/contracts/contract-compilation';
import type { OdcsDocument } from '../apps/quality/src/contracts/odcs-document';
import { benchWindows } from './bench-quality-windows';

const CONTRACT = {
  apiVersion: 'v3.1.0',
  kind: 'DataContract',
  id: 'bench-orders',
  version: '1.0.0',
  status: 'active',
  schema: [
    {
      name: 'orders',
      properties: [
        { name: 'order_id', logicalType: 'integer', required: true },
        { name: 'customer_id', logicalType: 'string', required: true, logicalTypeOptions: { format: 'uuid' } },
        { name: 'email', logicalType: 'string', logicalTypeOptions: { format: 'email' } },
        { name: 'phone', logicalType: 'string', logicalTypeOptions: { format: 'phone' } },
        { name: 'amount', logicalType: 'number', required: true, logicalTypeOptions: { minimum: 0, exclusiveMaximum: 100000 } },
        { name: 'status', logicalType: 'string', quality: [{ metric: 'invalidValues', arguments: { validValues: ['new', 'paid', 'shipped', 'cancelled'] }, mustBe: 0 }] },
        { name: 'sku', logicalType: 'string', logicalTypeOptions: { pattern: '^SKU-[0-9]{6}$' } },
        { name: 'ordered_at', logicalType: 'timestamp', logicalTypeOptions: { format: 'yyyy-MM-dd HH:mm:ss', minimum: '2020-01-01 00:00:00' } },
      ],
      // One check across fields (an Atlas expression): three fields read, compared and combined per record.
      quality: [{ type: 'custom', engine: 'atlas', name: 'order id positive, cancelled orders not negative', implementation: "order_id >= 1 and (status = 'cancelled' implies amount >= 0)" }],
    },
  ],
};

const STATUSES = ['new', 'paid', 'shipped', 'cancelled'];

function records(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_unused, index) => {
    const broken = index % 10 === 9;
    return {
      order_id: index + 1,
      customer_id: `0190b8a4-${String(index % 10000).padStart(4, '0')}-7000-8000-${String(index).padStart(12, '0')}`,
      email: `customer${index}@example.org`,
      phone: `+351 9${String(10000000 + (index % 89999999))}`,
      amount: broken ? -1 : Math.round((index * 37.5) % 99999) / 10,
      status: broken ? 'lost' : STATUSES[index % 4],
      sku: `SKU-${String(index % 1000000).padStart(6, '0')}`,
      ordered_at: `2026-0${1 + (index % 9)}-${String(1 + (index % 28)).padStart(2, '0')} 12:${String(index % 60).padStart(2, '0')}:00`,
      country: 'PT',
      notes: 'Leave at the door.',
    };
  });
}

/** Two protected fields per record, as the default policy leaves them (the e-mail and the phone). */
const FINDINGS = [
  { field: 'email', operator: 'replace' },
  { field: 'phone', operator: 'replace' },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { records: { type: 'string', default: '200000' }, rounds: { type: 'string', default: '5' }, 'database-url': { type: 'string', default: process.env.DATABASE_URL }, 'stored-records': { type: 'string', default: '50000' } } });
  const compiled = compileContract(CONTRACT as unknown as OdcsDocument);
  const checker = checkerFor(compiled, 'orders')!;
  if (checker.checkCount !== 20) throw new Error(`the bench contract must compile to 20 checks, not ${checker.checkCount}`);
  const sample = records(Number(values.records));
  const rounds = Number(values.rounds);

  const measure = (withFindings: boolean) => {
    let quarantined = 0;
    let notEvaluated = 0;
    for (const record of sample.slice(0, 20000)) checker.evaluate(record, withFindings ? protectedPathsOf(FINDINGS) : undefined);
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      for (const record of sample) {
        const verdict = checker.evaluate(record, withFindings ? protectedPathsOf(FINDINGS) : undefined);
        if (verdict.failed.length > 0) quarantined += 1;
        notEvaluated += verdict.notEvaluated.length;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const evaluated = sample.length * rounds;
    return {
      records: evaluated,
      'records/s': Math.round(evaluated / seconds),
      'checks/s': Math.round((evaluated * checker.checkCount) / seconds),
      'µs/record': Number(((seconds * 1e6) / evaluated).toFixed(2)),
      'quarantined %': Number(((quarantined / evaluated) * 100).toFixed(1)),
      'not evaluated/record': Number((notEvaluated / evaluated).toFixed(2)),
    };
  };

  console.log(`contract: ${checker.checkCount} per-record checks on ${CONTRACT.schema[0].properties.length} fields; ${sample.length} records x ${rounds} rounds; one core`);
  console.table({ stream: measure(true), 'all evaluated': measure(false) });
  await benchWindows(CONTRACT as unknown as OdcsDocument, sample, rounds, FINDINGS, values['database-url'], Math.min(Number(values['stored-records']), sample.length));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
