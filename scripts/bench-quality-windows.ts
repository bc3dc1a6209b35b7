/**
 * Windowed checks in the quality bench (scripts/bench-quality.ts): the 20 per-record checks of the
 * bench's ODCS contract plus 5 SodaCL aggregate checks over windows of 1,000 records, run as the
 * consumer runs them per batch of 500 (judge each record, add it to its windows: O(1) per record and
 * check), then the same 5 checks as one SQL query over the same rows in PostgreSQL, whose results
 * must equal the windows' (the state PostgreSQL would hold is merged here in memory).
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { ProtectedRecordEnvelope } from '@atlas/contracts';
import { SourceContractChecker } from '../apps/quality/src/checks/record-checker';
import { checkerFor, compileContract, RECORD_CHECKS } from '../apps/quality/src/contracts/contract-compilation';
import type { OdcsDocument } from '../apps/quality/src/contracts/odcs-document';
import { emptyWindowState, mergeWindowStates, metricOf, type WindowState } from '../apps/quality/src/windows/aggregate-check';
import { accumulateWindows } from '../apps/quality/src/windows/window-accumulator';
import { judgeRecord } from '../apps/quality/src/validation/record-judgement';
import { benchStored } from './bench-quality-stored';

const WINDOW = 1000;
const BATCH = 500;
const STATUSES = ['new', 'paid', 'shipped', 'cancelled'];
const SODACL = `checks for orders:
  - row_count = ${WINDOW}:
      window: ${WINDOW} records
  - missing_percent(email) < 1%:
      window: ${WINDOW} records
  - invalid_percent(status) < 5%:
      valid values: [${STATUSES.join(', ')}]
      window: ${WINDOW} records
  - avg(amount):
      warn: when > 6000
      window: ${WINDOW} records
  - min(amount) >= 0:
      window: ${WINDOW} records
`;

type Findings = ReadonlyArray<{ field: string; operator: string }>;

/** The 20 per-record checks of the ODCS contract and the 5 windowed checks of the SodaCL file, on one checker. */
function combinedChecker(contract: OdcsDocument): SourceContractChecker {
  const perRecord = checkerFor(compileContract(contract), 'orders')!;
  const windowed = checkerFor(compileContract({ format: 'sodacl', id: 'bench-orders-windows', version: '1.0.0', sodacl: SODACL }), 'orders')!;
  if (windowed.windowChecks.length !== 5) throw new Error(`the bench SodaCL file must compile to 5 windowed checks, not ${windowed.windowChecks.length}`);
  return new SourceContractChecker('bench-orders', '1.0.0', 'orders', perRecord.definitions.map((definition) => RECORD_CHECKS.create(definition)), [], windowed.windowChecks);
}

function envelopes(sample: readonly Record<string, unknown>[], findings: Findings): ProtectedRecordEnvelope[] {
  const runId = randomUUID();
  const protection = { policyId: 'default', policyVersion: 1, findings: findings.map((finding) => ({ ...finding, entityType: 'X', start: 0, end: 1, score: 1 })) };
  return sample.map((payload, index) => ({
    recordId: randomUUID(),
    sourceId: 'orders',
    runId,
    position: { index, total: sample.length },
    ingestedAt: '2026-11-30T02:00:00.000Z',
    checksum: 'x',
    payload,
    protection,
  })) as ProtectedRecordEnvelope[];
}

/** Per window (by start): the metrics of the 5 checks. */
type WindowMetrics = Map<number, number[]>;

function metricsOf(states: Map<string, WindowState>): WindowMetrics {
  const metrics: WindowMetrics = new Map();
  const order = ['orders.row_count', 'orders.email.missing_percent', 'orders.status.invalid_percent', 'orders.amount.avg', 'orders.amount.min'];
  const names = ['row_count', 'missing_percent', 'invalid_percent', 'avg', 'min'] as const;
  for (const [key, state] of states) {
    const [checkId, start] = key.split('@');
    const values = metrics.get(Number(start)) ?? [0, 0, 0, 0, 0];
    const index = order.indexOf(checkId);
    values[index] = metricOf(names[index], state) ?? Number.NaN;
    metrics.set(Number(start), values);
  }
  return metrics;
}

async function sqlComparison(databaseUrl: string, sample: readonly Record<string, unknown>[], expected: WindowMetrics): Promise<Record<string, number | string>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE bench_orders (position bigint PRIMARY KEY, email text, status text, amount double precision)');
    const loadStart = performance.now();
    for (let start = 0; start < sample.length; start += 10_000) {
      const chunk = sample.slice(start, start + 10_000);
      await client.query('INSERT INTO bench_orders SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::float8[])', [
        chunk.map((_record, index) => start + index),
        chunk.map((record) => record.email ?? null),
        chunk.map((record) => record.status ?? null),
        chunk.map((record) => record.amount ?? null),
      ]);
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    await client.query('ANALYZE bench_orders');
    const query = `SELECT (position / ${WINDOW}) * ${WINDOW} AS start, count(*)::float8 AS row_count,
        100.0 * count(*) FILTER (WHERE email IS NULL) / count(*) AS missing_percent,
        100.0 * count(*) FILTER (WHERE status IS NOT NULL AND status NOT IN (${STATUSES.map((status) => `'${status}'`).join(', ')})) / count(*) AS invalid_percent,
        avg(amount) AS avg, min(amount) AS min
      FROM bench_orders GROUP BY 1 ORDER BY 1`;
    await client.query(query);
    const runs: number[] = [];
    let rows: Array<Record<string, number | string>> = [];
    for (let round = 0; round < 5; round++) {
      const started = performance.now();
      rows = (await client.query(query)).rows;
      runs.push((performance.now() - started) / 1000);
    }
    const mismatches = rows.filter((row) => {
      const values = expected.get(Number(row.start));
      const actual = [row.row_count, row.missing_percent, row.invalid_percent, row.avg, row.min].map(Number);
      // Sums in another order differ in the last bits of a double: equal within 1e-9, relatively.
      return !values || values.some((value, index) => !(Math.abs(value - actual[index]) <= 1e-9 * Math.max(1, Math.abs(actual[index]))));
    });
    if (mismatches.length > 0 || rows.length !== expected.size) throw new Error(`SQL and Atlas windows disagree on ${mismatches.length} of ${rows.length} windows`);
    const best = Math.min(...runs);
    return { records: sample.length, windows: rows.length, 'records/s': Math.round(sample.length / best), 'query s (best of 5)': Number(best.toFixed(3)), 'load s (not counted)': Number(loadSeconds.toFixed(2)), 'same results': 'yes' };
  } finally {
    await client.end();
  }
}

export async function benchWindows(contract: OdcsDocument, sample: readonly Record<string, unknown>[], rounds: number, findings: Findings, databaseUrl: string | undefined, storedRecords: number): Promise<void> {
  const checker = combinedChecker(contract);
  const records = envelopes(sample, findings);
  const measure = (withWindows: boolean) => {
    const states = new Map<string, WindowState>();
    const pass = () => {
      for (let start = 0; start < records.length; start += BATCH) {
        const judgements = records.slice(start, start + BATCH).map((record) => judgeRecord(checker, record));
        if (!withWindows) continue;
        for (const delta of accumulateWindows(judgements).windows) {
          const key = `${delta.checkId}@${delta.windowStart}`;
          states.set(key, mergeWindowStates(states.get(key) ?? emptyWindowState(), delta.state));
        }
      }
    };
    pass();
    states.clear();
    const started = performance.now();
    for (let round = 0; round < rounds; round++) {
      if (round === rounds - 1) states.clear();
      pass();
    }
    const seconds = (performance.now() - started) / 1000;
    const judged = records.length * rounds;
    return { row: { records: judged, 'records/s': Math.round(judged / seconds), 'µs/record': Number(((seconds * 1e6) / judged).toFixed(2)), windows: withWindows ? states.size / 5 : 0 }, states };
  };
  const perRecord = measure(false);
  const windowed = measure(true);
  // The windows alone: the same records judged once beforehand, then only added to their windows.
  const judgements = records.map((record) => judgeRecord(checker, record));
  const accumulate = () => {
    for (let start = 0; start < judgements.length; start += BATCH) accumulateWindows(judgements.slice(start, start + BATCH));
  };
  accumulate();
  const accumulateStart = performance.now();
  for (let round = 0; round < rounds; round++) accumulate();
  const accumulateSeconds = (performance.now() - accumulateStart) / 1000;
  const accumulated = judgements.length * rounds;
  const windowsAlone = { records: accumulated, 'records/s': Math.round(accumulated / accumulateSeconds), 'µs/record': Number(((accumulateSeconds * 1e6) / accumulated).toFixed(2)), windows: windowed.row.windows };
  console.log(`\nconsumer path per batch of ${BATCH}: ${checker.checkCount} per-record checks, then ${checker.windowChecks.length} windowed checks (windows of ${WINDOW} records); one core`);
  console.table({ 'judged, 20 per-record checks': perRecord.row, 'judged + 5 windowed checks': windowed.row, '5 windowed checks alone': windowsAlone });
  if (!databaseUrl) {
    console.log('(no --database-url / DATABASE_URL: the SQL comparison in PostgreSQL is skipped)');
    return;
  }
  console.log(`\nthe same 5 windowed checks as one SQL query (GROUP BY window) over the same ${sample.length} rows in PostgreSQL`);
  console.table({ postgresql: await sqlComparison(databaseUrl, sample, metricsOf(windowed.states)) });
  // The stored path: fresh record ids (the judged ones are claimed once), the first windows of the same sample.
  const stored = envelopes(sample.slice(0, storedRecords), findings);
  console.log(`\nthe consumer's stored path: judged + 5 windowed checks, stored per batch of ${BATCH} by ResultsRepository.addJudged in PostgreSQL (${stored.length} records, one run)`);
  console.table({ 'judged + stored in PostgreSQL': await benchStored(databaseUrl, checker, stored, BATCH, windowed.states) });
}

