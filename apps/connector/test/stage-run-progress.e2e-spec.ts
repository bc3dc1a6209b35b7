import { DataSource } from 'typeorm';
import { HandledRecord, HandledRun, StageRunRepository } from '@atlas/kafka';
import { resetTestInfrastructure, serviceEnvironment } from '@atlas/testing';

const JOB = 'connector.explore';
// Ids chosen so that the JavaScript order and PostgreSQL's uuid order agree, and the input order is not sorted.
const RUNS = ['0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e03', '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01', '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e02'];

function handled(runId: string, indexes: number[], outcome: HandledRecord['outcome'] = 'passed'): HandledRun {
  return { runId, sourceId: 'people', records: indexes.map((index) => ({ runId, sourceId: 'people', index, outcome, ...(outcome === 'failed' ? { error: 'bad' } : {}) })) };
}

/** Stage progress on the real database: every run of a batch counted in one transaction, each position once. */
describe('stage run progress (lineage_stage_runs, lineage_stage_positions) on PostgreSQL', () => {
  let dataSource: DataSource;
  let repository: StageRunRepository;

  beforeAll(async () => {
    await resetTestInfrastructure();
    dataSource = await new DataSource({ type: 'postgres', url: serviceEnvironment().DATABASE_URL, poolSize: 6 }).initialize();
    repository = new StageRunRepository(dataSource, 'connector');
  }, 120000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('counts the runs of one batch, answers in the order given, and counts no position twice when the batch comes again', async () => {
    const batch = [handled(RUNS[0], [0, 1, 8192, 1]), handled(RUNS[1].toUpperCase(), [5], 'failed'), handled(RUNS[2], [7, 100000], 'quarantined')];
    const first = await repository.addHandledByRun(JOB, batch);
    expect(first.map((state) => [state.runId, state.handled, state.passed, state.failed, state.quarantined, state.firstError])).toEqual([
      [RUNS[0], 3, 3, 0, 0, null],
      [RUNS[1], 1, 0, 1, 0, 'bad'],
      [RUNS[2], 2, 0, 0, 2, null],
    ]);
    expect((await repository.addHandledByRun(JOB, batch)).map((state) => state.handled)).toEqual([3, 1, 2]);
    expect((await repository.addHandledByRun(JOB, [handled(RUNS[2], [7, 8])])).map((state) => state.handled)).toEqual([3]);
    const positions = await dataSource.query(
      'SELECT run_id::text AS run_id, chunk, length(counted) AS bytes FROM connector.lineage_stage_positions WHERE job_name = $1 ORDER BY run_id, chunk',
      [JOB],
    );
    expect(positions).toEqual([
      { run_id: RUNS[1], chunk: 0, bytes: 1024 },
      { run_id: RUNS[2], chunk: 0, bytes: 1024 },
      { run_id: RUNS[2], chunk: 12, bytes: 1024 },
      { run_id: RUNS[0], chunk: 0, bytes: 1024 },
      { run_id: RUNS[0], chunk: 1, bytes: 1024 },
    ]);
  });

  it('stores the counts of several runs in one call (a run named twice takes its last), then ends them together and forgets their positions', async () => {
    const fresh = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e04';
    const expected = await repository.setExpectedByRun(JOB, [
      { runId: RUNS[1].toUpperCase(), sourceId: 'people', expected: 1 },
      { runId: fresh, sourceId: 'people', expected: 9 },
      { runId: RUNS[0], sourceId: 'people', expected: 2 },
      { runId: RUNS[0], sourceId: 'people', expected: 3 },
    ]);
    expect(expected.map((state) => [state.runId, state.expected, state.handled])).toEqual([
      [RUNS[1], 1, 1],
      [fresh, 9, 0],
      [RUNS[0], 3, 3],
      [RUNS[0], 3, 3],
    ]);
    await repository.markEnded(JOB, [
      { runId: RUNS[0].toUpperCase(), status: 'complete' },
      { runId: RUNS[1], status: 'failed' },
    ]);
    const rows = await dataSource.query('SELECT run_id::text AS run_id, state, expected FROM connector.lineage_stage_runs WHERE job_name = $1 ORDER BY run_id', [JOB]);
    expect(rows).toEqual([
      { run_id: RUNS[1], state: 'failed', expected: '1' },
      { run_id: RUNS[2], state: 'running', expected: null },
      { run_id: RUNS[0], state: 'complete', expected: '3' },
      { run_id: fresh, state: 'running', expected: '9' },
    ]);
    const positions = await dataSource.query('SELECT DISTINCT run_id::text AS run_id FROM connector.lineage_stage_positions WHERE job_name = $1', [JOB]);
    expect(positions).toEqual([{ run_id: RUNS[2] }]);
    // An ended run keeps its count and state whatever is announced later.
    expect((await repository.setExpectedByRun(JOB, [{ runId: RUNS[0], sourceId: 'people', expected: 7 }]))[0]).toMatchObject({ expected: 3, status: 'complete' });
  });

  it('counts every record exactly once when overlapping batches of the same new runs land concurrently (no lost update)', async () => {
    const runs = Array.from({ length: 600 }, (_value, run) => `0192f0c1-7a3b-7c3d-8e4f-${String(run).padStart(12, '0')}`);
    // Six concurrent batches, each over all the runs starting at a different one, with positions that overlap between batches.
    // (Whether they would deadlock unsorted depends on timing this test does not control: it checks the counts are exact.)
    const batches = Array.from({ length: 6 }, (_value, batch) =>
      runs.map((_run, index) => runs[(index + batch * 100) % runs.length]).map((runId) => handled(runId, [batch * 10, batch * 10 + 1, (batch + 1) * 10])),
    );
    await Promise.all(batches.map((batch) => repository.addHandledByRun('quality.validate', batch)));
    const rows: Array<{ run_id: string; handled: string }> = await dataSource.query(
      'SELECT run_id::text AS run_id, handled FROM connector.lineage_stage_runs WHERE job_name = $1 ORDER BY run_id',
      ['quality.validate'],
    );
    // Positions 0, 1, 10, 11, 20, 21, …, 50, 51, 60: 13 distinct per run.
    expect(rows).toEqual(runs.map((runId) => ({ run_id: runId, handled: '13' })));
  });

  it('removes runs past their retention when a run ends (ended ones after 7 days, stalled ones after 30), and their positions', async () => {
    const job = 'quality.retention';
    const [endedLongAgo, stalled, recentlyEnded, running, ending] = ['01', '02', '03', '04', '05'].map((suffix) => `0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9f${suffix}`);
    await repository.addHandledByRun(job, [handled(endedLongAgo, [1]), handled(stalled, [1]), handled(recentlyEnded, [1]), handled(running, [1]), handled(ending, [1])]);
    await dataSource.query(
      `UPDATE connector.lineage_stage_runs SET state = CASE WHEN run_id = ANY($2::uuid[]) THEN 'complete' ELSE state END,
         updated_at = now() - CASE run_id WHEN $3::uuid THEN interval '8 days' WHEN $4::uuid THEN interval '31 days' WHEN $5::uuid THEN interval '6 days' ELSE interval '20 days' END
       WHERE job_name = $1 AND run_id <> $6::uuid`,
      [job, [endedLongAgo, recentlyEnded], endedLongAgo, stalled, recentlyEnded, ending],
    );
    await dataSource.query(`UPDATE connector.lineage_stage_positions SET updated_at = now() - interval '31 days' WHERE job_name = $1 AND run_id = $2`, [job, stalled]);
    // A new repository, as after a restart: its first run's end sweeps.
    await new StageRunRepository(dataSource, 'connector').markEnded(job, [{ runId: ending, status: 'complete' }]);
    const rows = await dataSource.query('SELECT run_id::text AS run_id, state FROM connector.lineage_stage_runs WHERE job_name = $1 ORDER BY run_id', [job]);
    expect(rows).toEqual([
      { run_id: recentlyEnded, state: 'complete' },
      { run_id: running, state: 'running' },
      { run_id: ending, state: 'complete' },
    ]);
    const positions = await dataSource.query('SELECT run_id::text AS run_id FROM connector.lineage_stage_positions WHERE job_name = $1 ORDER BY run_id', [job]);
    expect(positions).toEqual([{ run_id: endedLongAgo }, { run_id: recentlyEnded }, { run_id: running }]);
  });
});
