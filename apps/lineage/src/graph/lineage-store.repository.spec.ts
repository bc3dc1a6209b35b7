import { DataSource, EntityManager } from 'typeorm';
import { NormalisedLineage } from './lineage-normaliser';
import { LineageStoreRepository } from './lineage-store.repository';

const AT = new Date('2026-12-03T06:00:00.000Z');
const RUN_ID = '0193a1b2-0000-7000-8000-000000000001';
const JOB_ID = '0193a1b2-0000-5000-8000-0000000000f0';
const LATER_ID = '0193a1b2-0000-5000-8000-00000000000b';
const EARLIER_ID = '0193a1b2-0000-5000-8000-00000000000a';

function lineage(): NormalisedLineage {
  const node = { currentVersionId: null, currentVersionAt: null, firstSeenAt: AT, lastSeenAt: AT };
  return {
    namespaces: [LATER_ID, EARLIER_ID].map((namespaceId) => ({ namespaceId, name: namespaceId, firstSeenAt: AT, lastSeenAt: AT })),
    datasets: [LATER_ID, EARLIER_ID].map((datasetId) => ({ ...node, datasetId, namespaceId: EARLIER_ID, namespace: 'n', name: datasetId })),
    datasetVersions: [],
    jobs: [{ ...node, jobId: JOB_ID, namespaceId: EARLIER_ID, namespace: 'n', name: 'job' }],
    jobVersions: [],
    runs: [{ runId: RUN_ID, jobId: JOB_ID, parentRunId: null, state: 'RUNNING', stateRank: 1, stateAt: AT, startedAt: AT, endedAt: null, createdAt: AT }],
    runDatasets: [],
    edges: [
      { sourceId: LATER_ID, targetId: JOB_ID, firstSeenAt: AT, lastSeenAt: AT, lastRunId: RUN_ID },
      { sourceId: JOB_ID, targetId: EARLIER_ID, firstSeenAt: AT, lastSeenAt: AT, lastRunId: RUN_ID },
      { sourceId: EARLIER_ID, targetId: JOB_ID, firstSeenAt: AT, lastSeenAt: AT, lastRunId: RUN_ID },
    ],
    columnEdges: [],
  };
}

describe('LineageStoreRepository', () => {
  it("writes the batch's own runs first and the rows batches share last, each table in key order", async () => {
    const statements: Array<{ table: string; keys: unknown[] }> = [];
    const manager = {
      query: (sql: string, parameters: unknown[][]) => {
        const table = /INSERT INTO lineage\.(\w+)/.exec(sql)?.[1] ?? sql;
        statements.push({ table, keys: table === 'edges' ? parameters[0].map((source, index) => `${String(source)}>${String(parameters[1][index])}`) : parameters[0] });
        return Promise.resolve([]);
      },
    } as unknown as EntityManager;
    const dataSource = { transaction: (work: (manager: EntityManager) => Promise<void>) => work(manager) } as unknown as DataSource;

    await new LineageStoreRepository(dataSource).write([], lineage());

    expect(statements).toEqual([
      { table: 'runs', keys: [RUN_ID] },
      { table: 'namespaces', keys: [EARLIER_ID, LATER_ID] },
      { table: 'datasets', keys: [EARLIER_ID, LATER_ID] },
      { table: 'jobs', keys: [JOB_ID] },
      { table: 'edges', keys: [`${EARLIER_ID}>${JOB_ID}`, `${LATER_ID}>${JOB_ID}`, `${JOB_ID}>${EARLIER_ID}`] },
    ]);
  });
});
