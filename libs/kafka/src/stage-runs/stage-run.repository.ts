import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PreparedStatement, queryPrepared } from '@atlas/database';
import { chunksOf, markCounted } from './counted-positions';
import { addHandledRecords, HandledRecord, MaskingPolicy, StageRunState, StageRunStatus } from './stage-run-progress';

/** The schema of the service that owns `lineage_stage_runs` (connector, pii_detection, quality). */
export const STAGE_RUN_SCHEMA = Symbol('STAGE_RUN_SCHEMA');

interface StageRunRow {
  job_name: string;
  run_id: string;
  source_id: string;
  handled: string;
  passed: string;
  quarantined: string;
  failed: string;
  expected: string | null;
  masked_fields: Record<string, boolean>;
  masking_policies: Record<string, MaskingPolicy[]>;
  first_error: string | null;
  state: StageRunStatus;
}

/** One run's records of a batch: one entry per run (a run id in upper case is the same run). */
export interface HandledRun {
  runId: string;
  sourceId: string;
  records: readonly HandledRecord[];
}

/** How many records of a run are on a stage's input topic, as its writer announced. */
export interface ExpectedCount {
  runId: string;
  sourceId: string;
  expected: number;
}

const COLUMNS = 'job_name, run_id, source_id, handled, passed, quarantined, failed, expected, masked_fields, masking_policies, first_error, state';
const COLUMNS_OF_RUN = COLUMNS.split(', ').map((column) => `run.${column}`).join(', ');
/** Ended runs are kept a week (a late redelivery finds them ended), stalled ones a month. */
const ENDED_RETENTION = '7 days';
const STALLED_RETENTION = '30 days';
/** How often, at most, a process removes runs past their retention (when a run ends). */
const RETENTION_SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * A stage's progress per ingestion run (`<schema>.lineage_stage_runs`) and the positions it counted
 * while the run is in progress (`<schema>.lineage_stage_positions`: one bit per position, 8,192 to a
 * row, so a batch writes a row or two per run instead of a row per record); every change reads and
 * writes the run's row under its lock, which also guards its positions.
 */
@Injectable()
export class StageRunRepository {
  private readonly runs: string;
  private readonly positions: string;
  /** The statements every batch runs, prepared once per connection. */
  private readonly statements: ReturnType<typeof batchStatements>;
  /** When this process last removed runs past their retention (0: not yet, so the first run's end does). */
  private sweptAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(STAGE_RUN_SCHEMA) schema: string,
  ) {
    if (!/^[a-z_]+$/.test(schema)) throw new Error(`invalid schema name for lineage_stage_runs: ${schema}`);
    this.runs = `${schema}.lineage_stage_runs`;
    this.positions = `${schema}.lineage_stage_positions`;
    this.statements = batchStatements(this.runs, this.positions);
  }

  /**
   * Counts the records of each run not counted before (by position), all runs of a batch in one
   * transaction of a few statements, whatever the number of runs; returns each run's progress, in
   * the order given. Runs are locked in id order, so two batches sharing runs never wait on each
   * other in a cycle.
   */
  async addHandledByRun(jobName: string, runs: readonly HandledRun[]): Promise<StageRunState[]> {
    if (runs.length === 0) return [];
    // PostgreSQL prints a uuid in lower case: the rows it returns are looked up that way.
    const ordered = runs.map((run) => ({ ...run, runId: run.runId.toLowerCase() })).sort(byRunId);
    const states = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockedOrCreatedAll(manager, jobName, ordered);
      const running = ordered.filter((run) => current.get(run.runId)?.status === 'running');
      if (running.length === 0) return current;
      const wanted = running.flatMap((run) => chunksOf(run.records.map((record) => record.index)).map((chunk) => [run.runId, chunk] as const));
      const stored: Array<{ run_id: string; chunk: number; counted: Buffer }> = await queryPrepared(manager, this.statements.storedPositions, [
        jobName,
        wanted.map(([runId]) => runId),
        wanted.map(([, chunk]) => chunk),
      ]);
      const storedByRun = new Map<string, Map<number, Uint8Array>>();
      for (const row of stored) storedByRun.set(row.run_id, (storedByRun.get(row.run_id) ?? new Map<number, Uint8Array>()).set(row.chunk, row.counted));
      const changedChunks: Array<[string, number, Uint8Array]> = [];
      const progressed: StageRunState[] = [];
      for (const run of running) {
        const { fresh, changed } = markCounted(storedByRun.get(run.runId) ?? new Map(), run.records.map((record) => record.index));
        if (fresh.size === 0) continue;
        for (const [chunk, bitmap] of changed) changedChunks.push([run.runId, chunk, bitmap]);
        // A position twice in one batch counts once.
        const next = addHandledRecords(current.get(run.runId) as StageRunState, run.records.filter((record) => fresh.delete(record.index)));
        current.set(run.runId, next);
        progressed.push(next);
      }
      if (changedChunks.length === 0) return current;
      await this.saveAll(manager, progressed, changedChunks);
      return current;
    });
    return runs.map((run) => states.get(run.runId.toLowerCase()) as StageRunState);
  }

  /**
   * Stores how many records of each run are on the stage's input topic, all runs in one transaction
   * (a run named twice takes its last count); returns each run's progress, in the order given.
   */
  async setExpectedByRun(jobName: string, counts: readonly ExpectedCount[]): Promise<StageRunState[]> {
    if (counts.length === 0) return [];
    const latest = new Map<string, ExpectedCount>();
    for (const count of counts) latest.set(count.runId.toLowerCase(), { ...count, runId: count.runId.toLowerCase() });
    const ordered = [...latest.values()].sort(byRunId);
    const states = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockedOrCreatedAll(manager, jobName, ordered);
      const changed: StageRunState[] = [];
      for (const count of ordered) {
        const state = current.get(count.runId) as StageRunState;
        if (state.status !== 'running' || state.expected === count.expected) continue;
        const next = { ...state, expected: count.expected };
        current.set(count.runId, next);
        changed.push(next);
      }
      if (changed.length > 0) await this.saveAll(manager, changed);
      return current;
    });
    return counts.map((count) => states.get(count.runId.toLowerCase()) as StageRunState);
  }

  /** Records that the runs' ends were reported and forgets their counted positions; removes runs past their retention. */
  async markEnded(jobName: string, ended: ReadonlyArray<{ runId: string; status: Exclude<StageRunStatus, 'running'> }>): Promise<void> {
    if (ended.length === 0) return;
    const runIds = ended.map((run) => run.runId.toLowerCase());
    // Separate statements on purpose: one statement may take a run's positions' locks before the run's
    // own, the reverse of a batch's order (the run, then its positions), and could deadlock with it.
    await this.dataSource.query(
      `UPDATE ${this.runs} AS run SET state = ended.state, updated_at = now() FROM unnest($2::uuid[], $3::text[]) AS ended(run_id, state)
        WHERE run.job_name = $1 AND run.run_id = ended.run_id`,
      [jobName, runIds, ended.map((run) => run.status)],
    );
    await this.dataSource.query(`DELETE FROM ${this.positions} WHERE job_name = $1 AND run_id = ANY($2::uuid[])`, [jobName, runIds]);
    // Retention is measured in days: sweeping at most every few minutes keeps it exact enough and off the path of every run's end.
    if (Date.now() - this.sweptAt < RETENTION_SWEEP_INTERVAL_MS) return;
    this.sweptAt = Date.now();
    await this.dataSource.query(
      `DELETE FROM ${this.runs} WHERE (state <> 'running' AND updated_at < now() - interval '${ENDED_RETENTION}') OR updated_at < now() - interval '${STALLED_RETENTION}'`,
    );
    await this.dataSource.query(`DELETE FROM ${this.positions} WHERE updated_at < now() - interval '${STALLED_RETENTION}'`);
  }

  /** Writes the runs' new progress and, in the same statement, the position chunks that changed. */
  private async saveAll(manager: EntityManager, states: readonly StageRunState[], changedChunks: ReadonlyArray<[string, number, Uint8Array]> = []): Promise<void> {
    const parameters: unknown[] = [
      states[0].jobName,
      states.map((state) => state.runId),
      states.map((state) => state.handled),
      states.map((state) => state.passed),
      states.map((state) => state.quarantined),
      states.map((state) => state.failed),
      states.map((state) => state.expected),
      states.map((state) => JSON.stringify(state.maskedFields)),
      states.map((state) => state.firstError),
      states.map((state) => JSON.stringify(state.maskingPolicies)),
    ];
    if (changedChunks.length === 0) {
      await queryPrepared(manager, this.statements.updateRuns, parameters);
      return;
    }
    await queryPrepared(manager, this.statements.updateRunsAndPositions, [
        ...parameters,
        changedChunks.map(([runId]) => runId),
        changedChunks.map(([, chunk]) => chunk),
        changedChunks.map(([, , bitmap]) => Buffer.from(bitmap.buffer, bitmap.byteOffset, bitmap.byteLength)),
      ],
    );
  }

  /**
   * The runs' rows under lock, missing ones inserted, in one statement: the upsert takes each run in
   * run id order, inserting it or locking the stored row (its no-op update returns the row as last
   * committed), so no two transactions can wait on each other in a cycle.
   */
  private async lockedOrCreatedAll(manager: EntityManager, jobName: string, runs: ReadonlyArray<Omit<HandledRun, 'records'>>): Promise<Map<string, StageRunState>> {
    const rows: StageRunRow[] = await queryPrepared(manager, this.statements.lockOrCreateRuns, [
      jobName,
      runs.map((run) => run.runId),
      runs.map((run) => run.sourceId),
    ]);
    const locked = new Map(rows.map((row) => [row.run_id, stateOf(row)]));
    for (const run of runs) if (!locked.has(run.runId)) throw new Error(`the lineage progress of ${jobName} for run ${run.runId} could not be created`);
    return locked;
  }
}

/** The statements of every batch, for a schema's tables. */
function batchStatements(runs: string, positions: string) {
  const updateRuns = `UPDATE ${runs} AS run SET handled = next.handled, passed = next.passed, quarantined = next.quarantined, failed = next.failed,
       expected = next.expected, masked_fields = next.masked_fields, first_error = next.first_error, masking_policies = next.masking_policies, updated_at = now()
      FROM unnest($2::uuid[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::jsonb[], $9::text[], $10::jsonb[])
        AS next(run_id, handled, passed, quarantined, failed, expected, masked_fields, first_error, masking_policies)
     WHERE run.job_name = $1 AND run.run_id = next.run_id`;
  return {
    lockOrCreateRuns: new PreparedStatement(
      `INSERT INTO ${runs} AS run (job_name, run_id, source_id) SELECT $1, * FROM unnest($2::uuid[], $3::text[])
       ON CONFLICT (job_name, run_id) DO UPDATE SET job_name = run.job_name RETURNING ${COLUMNS_OF_RUN}`,
    ),
    storedPositions: new PreparedStatement(
      `SELECT p.run_id::text AS run_id, p.chunk, p.counted FROM ${positions} p JOIN unnest($2::uuid[], $3::int[]) AS wanted(run_id, chunk)
         ON p.run_id = wanted.run_id AND p.chunk = wanted.chunk WHERE p.job_name = $1`,
    ),
    updateRuns: new PreparedStatement(updateRuns),
    // One round trip instead of two: a data-modifying WITH runs whether or not the statement reads it.
    updateRunsAndPositions: new PreparedStatement(
      `WITH positions AS (
         INSERT INTO ${positions} (job_name, run_id, chunk, counted) SELECT $1, * FROM unnest($11::uuid[], $12::int[], $13::bytea[])
         ON CONFLICT (job_name, run_id, chunk) DO UPDATE SET counted = EXCLUDED.counted, updated_at = now())
       ${updateRuns}`,
    ),
  };
}

function byRunId(left: { runId: string }, right: { runId: string }): number {
  return left.runId < right.runId ? -1 : left.runId > right.runId ? 1 : 0;
}

function stateOf(row: StageRunRow): StageRunState {
  return {
    jobName: row.job_name,
    runId: row.run_id,
    sourceId: row.source_id,
    handled: Number(row.handled),
    passed: Number(row.passed),
    quarantined: Number(row.quarantined),
    failed: Number(row.failed),
    expected: row.expected === null ? null : Number(row.expected),
    maskedFields: row.masked_fields,
    maskingPolicies: row.masking_policies,
    firstError: row.first_error,
    status: row.state,
  };
}
