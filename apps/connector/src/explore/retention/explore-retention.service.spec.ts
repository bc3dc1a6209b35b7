import { ConnectorEnvironment } from '../../connector-environment';
import { ExplorePartitionRepository } from './explore-partition.repository';
import { ExplorePartition, TimeRange } from './explore-partitions';
import { ExploreRetention, RETENTION_BATCHES_PER_ROUND, RETENTION_DELETE_BATCH } from './explore-retention.service';

const NOW = new Date('2026-11-30T12:00:00Z');

/** An in-memory stand-in for the partition repository: partitions with their sources, expired rows per source, orphan ids per range. */
function fakePartitions(state: { partitions: Map<string, string[]>; retention: Map<string, number | null>; expired: Map<string, number>; orphans: number; locked?: boolean }) {
  const calls: string[] = [];
  const repository = {
    underRetentionLock: jest.fn(async (round: () => Promise<void>) => {
      if (state.locked) return false;
      await round();
      return true;
    }),
    partitionNames: jest.fn(async () => [...state.partitions.keys()].sort()),
    createMissing: jest.fn(async (plan: (existing: string[]) => ExplorePartition[]) => {
      const missing = plan([...state.partitions.keys()]);
      for (const partition of missing) state.partitions.set(partition.name, []);
      return missing;
    }),
    sourcesIn: jest.fn(async (name: string) => {
      calls.push(`sources of ${name}`);
      return state.partitions.get(name) ?? [];
    }),
    configuredRetention: jest.fn(async () => state.retention),
    drop: jest.fn(async (name: string) => {
      calls.push(`drop ${name}`);
      state.partitions.delete(name);
    }),
    deleteExpired: jest.fn(async (sourceId: string, cutoff: Date, limit: number) => {
      const deleted = Math.min(limit, state.expired.get(sourceId) ?? 0);
      state.expired.set(sourceId, (state.expired.get(sourceId) ?? 0) - deleted);
      calls.push(`delete ${sourceId} before ${cutoff.toISOString()}: ${deleted}`);
      return deleted;
    }),
    deleteIdsIn: jest.fn(async (range: TimeRange, limit: number) => {
      const deleted = Math.min(limit, state.orphans);
      state.orphans -= deleted;
      calls.push(`forget ${range.from?.toISOString() ?? '-infinity'}..${range.to.toISOString()}: ${deleted}`);
      return deleted;
    }),
  };
  return { repository: repository as unknown as ExplorePartitionRepository, calls };
}

const environment = Object.assign(new ConnectorEnvironment(), { CONNECTOR_EXPLORE_MAINTENANCE_MS: 3_600_000 });

describe('ExploreRetention', () => {
  it('creates the partitions ahead, drops the expired partitions, deletes a kept partition expired rows per source, and forgets dropped ids', async () => {
    const state = {
      partitions: new Map([
        ['explore_records_p20261110', ['crm']],
        ['explore_records_p20261120', ['crm', 'archive']],
        ['explore_records_p20261130', ['crm', 'archive']],
      ]),
      retention: new Map<string, number | null>([['crm', 7], ['archive', null]]),
      expired: new Map([['crm', RETENTION_DELETE_BATCH + 3]]),
      orphans: 12,
    };
    const { repository, calls } = fakePartitions(state);
    const round = await new ExploreRetention(environment, repository).maintain(NOW);
    expect(round).toEqual({
      created: ['explore_records_p20261201', 'explore_records_p20261202', 'explore_records_p20261203'],
      dropped: ['explore_records_p20261110'],
      deletedRecords: RETENTION_DELETE_BATCH + 3,
      forgottenIds: 12,
    });
    expect(calls).toEqual([
      'sources of explore_records_p20261110',
      'drop explore_records_p20261110',
      'sources of explore_records_p20261120',
      'sources of explore_records_p20261130',
      `delete crm before 2026-11-23T12:00:00.000Z: ${RETENTION_DELETE_BATCH}`,
      'delete crm before 2026-11-23T12:00:00.000Z: 3',
      'forget -infinity..2026-11-20T00:00:00.000Z: 12',
      'forget 2026-11-21T00:00:00.000Z..2026-11-30T00:00:00.000Z: 0',
    ]);
    expect([...state.partitions.keys()].sort()).toEqual(['explore_records_p20261120', 'explore_records_p20261130', 'explore_records_p20261201', 'explore_records_p20261202', 'explore_records_p20261203']);
  });

  it('stops a source after the batches of one round (the next round goes on)', async () => {
    const state = {
      partitions: new Map([['explore_records_p20261120', ['crm', 'archive']]]),
      retention: new Map<string, number | null>([['crm', 1], ['archive', null]]),
      expired: new Map([['crm', 10 ** 9]]),
      orphans: 0,
    };
    const { repository } = fakePartitions(state);
    const round = await new ExploreRetention(environment, repository).maintain(NOW);
    expect(round.deletedRecords).toBe(RETENTION_BATCHES_PER_ROUND * RETENTION_DELETE_BATCH);
  });

  it('applies CONNECTOR_EXPLORE_RETENTION_DAYS to the sources without their own retention, pushed ones (no row in connector.sources) included', async () => {
    const state = {
      partitions: new Map([
        ['explore_records_p20261110', ['kafka-producer', 'pushed']],
        ['explore_records_p20261120', ['archive', 'pushed']],
        ['explore_records_p20261125', ['crm']],
        ['explore_records_p20261130', ['crm', 'kafka-producer', 'pushed']],
      ]),
      // crm keeps 30 days and archive for good (their own settings); pushed and kafka-producer have no row.
      retention: new Map<string, number | null>([['crm', 30], ['archive', null]]),
      expired: new Map([['pushed', 4], ['crm', 6]]),
      orphans: 7,
    };
    const { repository, calls } = fakePartitions(state);
    const withDefault = Object.assign(new ConnectorEnvironment(), { CONNECTOR_EXPLORE_MAINTENANCE_MS: 3_600_000, CONNECTOR_EXPLORE_RETENTION_DAYS: 9 });
    expect(await new ExploreRetention(withDefault, repository).maintain(NOW)).toEqual({
      created: ['explore_records_p20261201', 'explore_records_p20261202', 'explore_records_p20261203'],
      dropped: ['explore_records_p20261110'],
      deletedRecords: 4,
      forgottenIds: 7,
    });
    // The partitions made ahead are not looked into; crm's rows (kept 30 days) are all younger than its cutoff, so not deleted from.
    expect(calls).toEqual([
      'sources of explore_records_p20261110',
      'drop explore_records_p20261110',
      'sources of explore_records_p20261120',
      'sources of explore_records_p20261125',
      'sources of explore_records_p20261130',
      'delete pushed before 2026-11-21T12:00:00.000Z: 4',
      'forget -infinity..2026-11-20T00:00:00.000Z: 7',
      'forget 2026-11-21T00:00:00.000Z..2026-11-25T00:00:00.000Z: 0',
      'forget 2026-11-26T00:00:00.000Z..2026-11-30T00:00:00.000Z: 0',
    ]);
  });

  it('only creates partitions when another replica holds the retention lock', async () => {
    const state = { partitions: new Map([['explore_records_p20261110', []]]), retention: new Map<string, number | null>(), expired: new Map(), orphans: 5, locked: true };
    const { repository, calls } = fakePartitions(state);
    expect(await new ExploreRetention(environment, repository).maintain(NOW)).toEqual({
      created: ['explore_records_p20261130', 'explore_records_p20261201', 'explore_records_p20261202', 'explore_records_p20261203'],
      dropped: [],
      deletedRecords: 0,
      forgottenIds: 0,
    });
    expect(calls).toEqual([]);
  });
});
