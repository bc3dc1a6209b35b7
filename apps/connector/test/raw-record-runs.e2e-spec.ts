import { DataSource } from 'typeorm';
import { resetTestInfrastructure, serviceEnvironment } from '@atlas/testing';
import { RawRecordRunRepository, RUNS_AROUND } from '../src/raw-records/raw-record-run.repository';
import { RawRunPolicy } from '../src/raw-records/raw-record-runs';

const POLICY: RawRunPolicy = { windowMs: 60_000, maxRecords: 1000, maxSpan: 10_000 };
const runIdOf = (firstOffset: number) => `0192f0c1-7a3b-7c3d-8e4f-${String(firstOffset).padStart(12, '0')}`;

/** External producers' runs on the real database (connector.raw_record_runs): stored ranges, locks, the sweep's statements. */
describe('raw record runs on PostgreSQL', () => {
  let dataSource: DataSource;
  let repository: RawRecordRunRepository;

  beforeAll(async () => {
    await resetTestInfrastructure();
    dataSource = await new DataSource({ type: 'postgres', url: serviceEnvironment().DATABASE_URL, poolSize: 6 }).initialize();
    repository = new RawRecordRunRepository(dataSource);
  }, 120000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  async function stored(sourceId: string): Promise<Array<{ run_id: string; first_offset: string; last_offset: string; record_count: number; closed: boolean; announced: boolean }>> {
    return dataSource.query(
      `SELECT run_id::text AS run_id, first_offset, last_offset, record_count, closed_at IS NOT NULL AS closed, announced_at IS NOT NULL AS announced
         FROM connector.raw_record_runs WHERE source_id = $1 ORDER BY topic_partition, first_offset`,
      [sourceId],
    );
  }

  it("runs a batch's statements prepared: parsed once per connection, then only executed", async () => {
    const single = await new DataSource({ type: 'postgres', url: serviceEnvironment().DATABASE_URL, poolSize: 1 }).initialize();
    try {
      const onOneConnection = new RawRecordRunRepository(single);
      for (let batch = 0; batch < 4; batch++) await onOneConnection.assign('prepared', 0, [batch * 2, batch * 2 + 1], POLICY, runIdOf);
      const prepared: Array<{ name: string; statement: string; plans: number }> = await single.query(
        `SELECT name, left(ltrim(statement), 30) AS statement, (generic_plans + custom_plans)::int AS plans FROM pg_prepared_statements ORDER BY statement`,
      );
      expect(prepared.map(({ name }) => name)).toEqual(prepared.map(() => expect.stringMatching(/^atlas_[0-9a-f]{32}$/)));
      // The lock and the read run for every batch; the first batch opens the run and the next three extend it.
      expect(prepared.map(({ statement, plans }) => [statement, plans])).toEqual([
        ['INSERT INTO connector.raw_reco', 4],
        ['SELECT pg_advisory_xact_lock(h', 4],
        ['WITH newest AS (\n    SELECT ru', 4],
      ]);
    } finally {
      await single.destroy();
    }
  });

  it('keeps a run open across batches, gives a batch delivered again the same runs and positions, and stores nothing new for it', async () => {
    const first = await repository.assign('crm', 0, [10, 11, 12], POLICY, runIdOf);
    const second = await repository.assign('crm', 0, [14, 15], POLICY, runIdOf);
    expect([...first.assignments, ...second.assignments].map(({ offset, runId, index }) => [offset, runId, index])).toEqual(
      [10, 11, 12, 14, 15].map((offset) => [offset, runIdOf(10), offset - 10]),
    );
    const again = await repository.assign('crm', 0, [11, 12, 14], POLICY, runIdOf);
    expect(again.assignments.map(({ runId, index, fresh }) => [runId, index, fresh])).toEqual([
      [runIdOf(10), 1, false],
      [runIdOf(10), 2, false],
      [runIdOf(10), 4, false],
    ]);
    expect(again.changed).toEqual([]);
    expect(await stored('crm')).toEqual([{ run_id: runIdOf(10), first_offset: '10', last_offset: '15', record_count: 5, closed: false, announced: false }]);
  });

  it('serialises concurrent batches of one source and partition (two consumers during a rebalance, both from the committed offset): one run, each record counted once', async () => {
    // Every connection of the pool open first, so that the batches really overlap.
    await Promise.all(Array.from({ length: 6 }, () => dataSource.query('SELECT pg_sleep(0.05)')));
    for (const base of [1000, 2000, 3000]) {
      const sourceId = `busy-${base}`;
      const batches = [50, 100, 150, 100, 50, 150].map((length) => Array.from({ length }, (_offset, index) => base + index));
      const plans = await Promise.all(batches.map((offsets) => repository.assign(sourceId, 3, offsets, POLICY, runIdOf)));
      expect(await stored(sourceId)).toEqual([{ run_id: runIdOf(base), first_offset: String(base), last_offset: String(base + 149), record_count: 150, closed: false, announced: false }]);
      expect(plans.flatMap((plan) => plan.assignments.filter((assignment) => assignment.fresh)).length).toBe(150);
      for (const plan of plans) for (const { offset, runId, index } of plan.assignments) expect([runId, index]).toEqual([runIdOf(base), offset - base]);
    }
  });

  it('closes the runs past their window in the sweep, skipping none twice, and finds them when nobody announced them', async () => {
    await repository.assign('quiet', 1, [5, 6], POLICY, runIdOf);
    await dataSource.query(`UPDATE connector.raw_record_runs SET opened_at = now() - interval '2 minutes' WHERE source_id = 'quiet'`);
    const closed = await repository.closeExpired(POLICY.windowMs);
    expect(closed.filter((run) => run.sourceId === 'quiet').map(({ runId, partition, firstOffset, lastOffset, recordCount, closed: isClosed }) => [runId, partition, firstOffset, lastOffset, recordCount, isClosed])).toEqual([
      [runIdOf(5), 1, 5, 6, 2, true],
    ]);
    expect((await repository.closeExpired(POLICY.windowMs)).filter((run) => run.sourceId === 'quiet')).toEqual([]);
    expect((await repository.unannounced(60_000, 10)).filter((run) => run.sourceId === 'quiet')).toEqual([]);
    await dataSource.query(`UPDATE connector.raw_record_runs SET closed_at = now() - interval '2 minutes' WHERE source_id = 'quiet'`);
    expect((await repository.unannounced(60_000, 10)).filter((run) => run.sourceId === 'quiet').map((run) => run.runId)).toEqual([runIdOf(5)]);
    await repository.markAnnounced([runIdOf(5)]);
    expect(await repository.unannounced(60_000, 10)).toEqual([]);
    // The next record of the source opens a new run after the closed one.
    const next = await repository.assign('quiet', 1, [7], POLICY, runIdOf);
    expect(next.assignments.map(({ runId, index }) => [runId, index])).toEqual([[runIdOf(7), 0]]);
  });

  it('skips a run a batch holds locked, so the sweep never waits', async () => {
    await repository.assign('held', 2, [1], POLICY, runIdOf);
    await dataSource.query(`UPDATE connector.raw_record_runs SET opened_at = now() - interval '2 minutes' WHERE source_id = 'held'`);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`SELECT 1 FROM connector.raw_record_runs WHERE source_id = 'held' FOR UPDATE`);
      const started = Date.now();
      expect((await repository.closeExpired(POLICY.windowMs)).filter((run) => run.sourceId === 'held')).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await repository.closeExpired(POLICY.windowMs)).map((run) => run.sourceId)).toEqual(['held']);
  });

  it('reads the few runs a batch may fall in, however many the partition has had (index look-ups, not a scan of its history)', async () => {
    // 20,000 closed runs of 10 offsets each, then an open one.
    await dataSource.query(
      `INSERT INTO connector.raw_record_runs (source_id, topic_partition, first_offset, last_offset, run_id, record_count, opened_at, closed_at, announced_at)
       SELECT 'long', 0, n * 10, n * 10 + 9, ('0192f0c1-7a3b-7c3d-8e4f-' || lpad(to_hex(100000 + n), 12, '0'))::uuid, 10, now(), now(), now()
         FROM generate_series(0, 19999) AS n`,
    );
    await repository.assign('long', 0, [200000, 200001], POLICY, runIdOf);
    await dataSource.query('ANALYZE connector.raw_record_runs');
    type PlanNode = { 'Relation Name'?: string; 'Actual Rows': number; 'Actual Loops': number; 'Rows Removed by Filter'?: number; Plans?: PlanNode[] };
    // Rows the scans of the table returned or filtered out: what the statement read of it.
    const rowsRead = (node: PlanNode): number =>
      (node['Relation Name'] === undefined ? 0 : (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0)) * node['Actual Loops']) +
      (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
    // The repository runs it prepared, so PostgreSQL may keep a generic plan (planned without the
    // parameters' values): both kinds of plan are read.
    const explain = async (first: number, last: number, plan: 'custom' | 'generic'): Promise<number> => {
      const runner = dataSource.createQueryRunner();
      await runner.query(`PREPARE runs_around AS ${RUNS_AROUND.text}`);
      try {
        await runner.startTransaction();
        await runner.query(`SET LOCAL plan_cache_mode = force_${plan}_plan`);
        const [{ 'QUERY PLAN': [explained] }] = await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE runs_around('long', 0, ${first}, ${last})`);
        return rowsRead((explained as { Plan: PlanNode }).Plan);
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        // This statement only: the pool's connection keeps the repository's own prepared statements.
        await runner.query('DEALLOCATE runs_around');
        await runner.release();
      }
    };
    for (const plan of ['custom', 'generic'] as const) {
      // The next batch of the stream: the open run only.
      expect(await explain(200002, 200400, plan)).toBeLessThan(20);
      // A batch delivered again from the middle of the history: the runs it spans, and the open one.
      expect(await explain(100005, 100024, plan)).toBeLessThan(20);
    }
    const replay = await repository.assign('long', 0, [100005, 100015, 100024], POLICY, runIdOf);
    expect(replay.assignments.map(({ runId, index, fresh }) => [runId.slice(-6), index, fresh])).toEqual([
      [(100000 + 10000).toString(16).padStart(6, '0'), 5, false],
      [(100000 + 10001).toString(16).padStart(6, '0'), 5, false],
      [(100000 + 10002).toString(16).padStart(6, '0'), 4, false],
    ]);
  });
});
