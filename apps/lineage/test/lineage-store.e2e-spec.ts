import { DataSource } from 'typeorm';
import { resetTestInfrastructure, serviceEnvironment, waitFor } from '@atlas/testing';
import { NormalisedLineage } from '../src/graph/lineage-normaliser';
import { LineageStoreRepository } from '../src/graph/lineage-store.repository';

const FIRST = '0193a1b2-0000-5000-8000-00000000000a';
const SECOND = '0193a1b2-0000-5000-8000-00000000000b';
const AT = Date.parse('2026-12-03T06:00:00.000Z');

function namespacesSeenAt(namespaceIds: string[], atMs: number): NormalisedLineage {
  const at = new Date(atMs);
  return {
    namespaces: namespaceIds.map((namespaceId) => ({ namespaceId, name: `store-test-${namespaceId.slice(-1)}`, firstSeenAt: at, lastSeenAt: at })),
    datasets: [],
    datasetVersions: [],
    jobs: [],
    jobVersions: [],
    runs: [],
    runDatasets: [],
    edges: [],
    columnEdges: [],
  };
}

/** The lineage store's transactions on the real database (lineage.*): what concurrent batches do to shared rows. */
describe('lineage store on PostgreSQL', () => {
  let dataSource: DataSource;
  let store: LineageStoreRepository;

  beforeAll(async () => {
    await resetTestInfrastructure();
    dataSource = await new DataSource({ type: 'postgres', url: serviceEnvironment().DATABASE_URL, poolSize: 4 }).initialize();
    store = new LineageStoreRepository(dataSource);
  }, 120000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const namespaceWriters = async () =>
    Number((await dataSource.query(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%lineage.namespaces%'`))[0].count);

  it('makes concurrent batches that list the same namespaces in opposite orders wait for each other instead of deadlocking', async () => {
    await store.write([], namespacesSeenAt([FIRST, SECOND], AT));
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT 1 FROM lineage.namespaces WHERE namespace_id = $1 FOR UPDATE', [FIRST]);
    try {
      // The first batch waits for FIRST; the second would take SECOND and then wait for FIRST too.
      const forwards = store.write([], namespacesSeenAt([FIRST, SECOND], AT + 1000));
      await waitFor(async () => (await namespaceWriters()) === 1, { timeoutMs: 10000, intervalMs: 50, description: 'the first batch to wait' });
      const backwards = store.write([], namespacesSeenAt([SECOND, FIRST], AT + 2000));
      await waitFor(async () => (await namespaceWriters()) === 2, { timeoutMs: 10000, intervalMs: 50, description: 'the second batch to wait' });
      await holder.rollbackTransaction();
      const outcomes = await Promise.allSettled([forwards, backwards]);
      expect(outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'stored' : String((outcome.reason as Error).message)))).toEqual(['stored', 'stored']);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    const rows: Array<{ namespace_id: string; first_seen_at: Date; last_seen_at: Date }> = await dataSource.query(
      'SELECT namespace_id::text, first_seen_at, last_seen_at FROM lineage.namespaces WHERE namespace_id = ANY($1::uuid[]) ORDER BY namespace_id',
      [[FIRST, SECOND]],
    );
    expect(rows.map((row) => [row.namespace_id, row.first_seen_at.toISOString(), row.last_seen_at.toISOString()])).toEqual([
      [FIRST, new Date(AT).toISOString(), new Date(AT + 2000).toISOString()],
      [SECOND, new Date(AT).toISOString(), new Date(AT + 2000).toISOString()],
    ]);
  });
});
