/**
 * The quality consumer's stored path in the quality bench (scripts/bench-quality.ts): records judged
 * by the 20 per-record checks and added to the 5 windowed checks, then stored per batch of 500 by
 * the service's own `ResultsRepository.addJudged` in a PostgreSQL database the bench creates (and
 * drops) and migrates: one transaction per batch that claims the record ids, adds the run and check
 * results, upserts the window states, closes the complete windows and merges them into the run's
 * check results. The stored windows must equal the in-memory ones, and the run's measured values the
 * metric over all its records.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { ProtectedRecordEnvelope } from '@atlas/contracts';
import { runMigrations } from '@atlas/database';
import type { SourceContractChecker } from '../apps/quality/src/checks/record-checker';
import { ResultsRepository } from '../apps/quality/src/results/results.repository';
import { checkResultView } from '../apps/quality/src/results/results.service';
import { judgeRecord } from '../apps/quality/src/validation/record-judgement';
import { emptyWindowState, mergeWindowStates, metricOf, type AggregateMetric, type WindowState } from '../apps/quality/src/windows/aggregate-check';

const close = (left: number, right: number) => Math.abs(left - right) <= 1e-9 * Math.max(1, Math.abs(right));

/** Stores `records` (one run) batch by batch; `expected` holds the in-memory window states by `checkId@start`. */
export async function benchStored(serverUrl: string, checker: SourceContractChecker, records: readonly ProtectedRecordEnvelope[], batch: number, expected: ReadonlyMap<string, WindowState>): Promise<Record<string, number | string>> {
  const benchDatabase = `atlas_bench_quality_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${benchDatabase}`);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${benchDatabase}` }).toString();
  const dataSource = new DataSource({ type: 'postgres', url: databaseUrl, poolSize: 2 });
  try {
    await runMigrations(databaseUrl);
    await dataSource.initialize();
    const repository = new ResultsRepository(dataSource);
    const started = performance.now();
    let storeMs = 0;
    for (let start = 0; start < records.length; start += batch) {
      const judgements = records.slice(start, start + batch).map((record) => judgeRecord(checker, record));
      const storeStarted = performance.now();
      await repository.addJudged(judgements, { fireAlerts: true });
      storeMs += performance.now() - storeStarted;
    }
    const seconds = (performance.now() - started) / 1000;

    // The stored windows: every one closed, each metric equal to the in-memory window's.
    const runId = records[0].runId;
    const windows = await repository.windowsOfRun(runId, undefined, Number.MAX_SAFE_INTEGER); // every window, one read
    const runStates = new Map<string, WindowState>();
    let mismatches = 0;
    for (const window of windows) {
      const state = expected.get(`${window.checkId}@${window.windowStart}`);
      const value = state === undefined ? undefined : metricOf(window.metric, state);
      if (window.closedAt === null || value === undefined || window.measuredValue === null || !close(window.measuredValue, value)) mismatches += 1;
      if (state) runStates.set(window.checkId, mergeWindowStates(runStates.get(window.checkId) ?? emptyWindowState(), state));
    }
    // The run's check results: the metric over all the run's records.
    const checks = (await repository.checksOfRun(runId)).filter((row) => row.checkType === 'aggregate').map(checkResultView);
    for (const check of checks) {
      const value = metricOf(check.metric as AggregateMetric, runStates.get(check.checkId) ?? emptyWindowState());
      if (value === undefined || check.measuredValue === null || !close(check.measuredValue, value)) mismatches += 1;
    }
    if (mismatches > 0 || windows.length !== Math.ceil(records.length / 1000) * 5 || checks.length !== 5) {
      throw new Error(`stored results disagree with the in-memory windows: ${mismatches} mismatches, ${windows.length} windows, ${checks.length} run results`);
    }
    return {
      records: records.length,
      'records/s': Math.round(records.length / seconds),
      'µs/record': Number(((seconds * 1e6) / records.length).toFixed(1)),
      'PostgreSQL ms/batch': Number((storeMs / Math.ceil(records.length / batch)).toFixed(1)),
      'windows closed': windows.length,
      'same results': 'yes',
    };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${benchDatabase}`);
    await admin.end();
  }
}
