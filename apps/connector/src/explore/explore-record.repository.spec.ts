import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { ExploreRecordIdEntity } from './explore-record-id.entity';
import { ExploreRecordEntity } from './explore-record.entity';
import { ExploreRecordRepository, isMissingPartition } from './explore-record.repository';
import { BatchProfile } from './profile/batch-profile';
import { RunProfileRepository } from './profile/run-profile.repository';
import { ExploreRetention } from './retention/explore-retention.service';

const RUN_ID = '3f1c2b4a-0000-4000-8000-000000000001';

function row(recordId: string, payload: object): Omit<ExploreRecordEntity, 'exploredAt'> {
  return { recordId, sourceId: 'people', runId: RUN_ID, positionIndex: 0, checksum: '0'.repeat(64), payload, sourceLocation: null, ingestedAt: new Date('2026-11-30T00:00:00Z') };
}

function missingPartitionError(): QueryFailedError {
  return new QueryFailedError('INSERT …', [], Object.assign(new Error('no partition of relation "explore_records" found for row'), { code: '23514' }));
}

jest.mock('@atlas/database', () => ({ ...jest.requireActual('@atlas/database'), insertIgnoringDuplicates: jest.fn() }));
const insertMock = insertIgnoringDuplicates as jest.MockedFunction<typeof insertIgnoringDuplicates>;

interface Harness {
  repository: ExploreRecordRepository;
  profiled: BatchProfile[][];
  claims: unknown[][];
  stored: unknown[][];
  ensurePartitions: jest.Mock;
}

/** A repository whose id claim reports `newIds` as new (the others stored before); `failures` record inserts fail first with these errors. */
function repositoryClaiming(newIds: string[], failures: Error[] = []): Harness {
  const harness: Omit<Harness, 'repository'> = { profiled: [], claims: [], stored: [], ensurePartitions: jest.fn(async () => ['explore_records_p20261130']) };
  const ids = { target: ExploreRecordIdEntity };
  const records = { target: ExploreRecordEntity };
  insertMock.mockReset().mockImplementation(async (repository, rows, options) => {
    if ((repository as unknown) === ids) {
      expect(options).toEqual({ returning: ['record_id'] });
      harness.claims.push([...rows]);
      return newIds.map((recordId) => ({ record_id: recordId }));
    }
    expect(repository).toBe(records);
    const failure = failures.shift();
    if (failure) throw failure;
    harness.stored.push([...rows]);
    return [];
  });
  const manager = { getRepository: (target: unknown) => (target === ExploreRecordIdEntity ? ids : target === ExploreRecordEntity ? records : undefined) } as unknown as EntityManager;
  const repository = { manager: { transaction: async (work: (manager: EntityManager) => Promise<void>) => work(manager) } } as unknown as Repository<ExploreRecordEntity>;
  const profiles = { merge: jest.fn(async (_manager: EntityManager, batches: BatchProfile[]) => void harness.profiled.push(batches)) } as unknown as RunProfileRepository;
  const retention = { ensurePartitions: harness.ensurePartitions } as unknown as ExploreRetention;
  return { ...harness, repository: new ExploreRecordRepository(repository, profiles, retention) };
}

describe('ExploreRecordRepository.insertIgnoringDuplicates', () => {
  it('claims every id, stores and profiles only the records whose id was new, and a record delivered twice in the batch once', async () => {
    const harness = repositoryClaiming(['a', 'c']);
    const rows = [row('a', { id: 1 }), row('b', { id: 2 }), row('a', { id: 1 }), row('c', { id: null })];
    const returned = await harness.repository.insertIgnoringDuplicates(rows);
    expect(harness.claims).toEqual([[{ recordId: 'a' }, { recordId: 'b' }, { recordId: 'a' }, { recordId: 'c' }]]);
    expect(harness.stored).toEqual([[rows[0], rows[3]]]);
    expect(harness.profiled).toHaveLength(1);
    const [batch] = harness.profiled[0];
    expect(batch.records).toBe(2);
    expect(batch.fields.get('id')!.toStatistics()).toMatchObject({ present: 2, nulls: 1, numberRange: { min: 1, max: 1 } });
    // The profiles merged are returned (the Explore service reads column hints off them).
    expect(returned).toBe(harness.profiled[0]);
  });

  it('stores and profiles nothing when every id was claimed before (a redelivered batch)', async () => {
    const harness = repositoryClaiming([]);
    expect(await harness.repository.insertIgnoringDuplicates([row('a', { id: 1 }), row('a', { id: 1 })])).toEqual([]);
    expect(harness.stored).toEqual([]);
    expect(harness.profiled).toEqual([]);
  });

  it("creates the missing partition and writes the batch again when no partition covers now; other errors pass through", async () => {
    const harness = repositoryClaiming(['a'], [missingPartitionError()]);
    await harness.repository.insertIgnoringDuplicates([row('a', { id: 1 })]);
    expect(harness.ensurePartitions).toHaveBeenCalledTimes(1);
    expect(harness.claims).toHaveLength(2);
    expect(harness.stored).toEqual([[row('a', { id: 1 })]]);
    expect(harness.profiled).toHaveLength(1);

    const other = new QueryFailedError('INSERT …', [], Object.assign(new Error('new row violates check constraint "explore_records_position_index_check"'), { code: '23514' }));
    const failing = repositoryClaiming(['a'], [other]);
    await expect(failing.repository.insertIgnoringDuplicates([row('a', { id: 1 })])).rejects.toBe(other);
    expect(failing.ensurePartitions).not.toHaveBeenCalled();
  });

  it('tells the missing-partition error from other check violations', () => {
    expect(isMissingPartition(missingPartitionError())).toBe(true);
    expect(isMissingPartition(Object.assign(new Error('no partition of relation "explore_records" found for row'), { code: '23514' }))).toBe(true);
    expect(isMissingPartition(Object.assign(new Error('new row violates check constraint'), { code: '23514' }))).toBe(false);
    expect(isMissingPartition(new Error('no partition of relation'))).toBe(false);
  });
});
