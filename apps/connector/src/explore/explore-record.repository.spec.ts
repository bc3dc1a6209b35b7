import { EntityManager, Repository } from 'typeorm';
import { insertIgnoringDuplicates } from '@atlas/database';
import { ExploreRecordEntity } from './explore-record.entity';
import { ExploreRecordRepository } from './explore-record.repository';
import { BatchProfile } from './profile/batch-profile';
import { RunProfileRepository } from './profile/run-profile.repository';

const RUN_ID = '3f1c2b4a-0000-4000-8000-000000000001';

function row(recordId: string, payload: object): Omit<ExploreRecordEntity, 'exploredAt'> {
  return { recordId, sourceId: 'people', runId: RUN_ID, positionIndex: 0, checksum: '0'.repeat(64), payload, sourceLocation: null, ingestedAt: new Date('2026-11-30T00:00:00Z') };
}

jest.mock('@atlas/database', () => ({ ...jest.requireActual('@atlas/database'), insertIgnoringDuplicates: jest.fn() }));
const insertMock = insertIgnoringDuplicates as jest.MockedFunction<typeof insertIgnoringDuplicates>;

/** A repository whose insert reports `newIds` as inserted (the others already stored), and records what is profiled. */
function repositoryInserting(newIds: string[]): { repository: ExploreRecordRepository; profiled: BatchProfile[][]; inserts: unknown[][] } {
  const profiled: BatchProfile[][] = [];
  const inserts: unknown[][] = [];
  const transactional = { target: ExploreRecordEntity };
  insertMock.mockReset().mockImplementation(async (repository, rows, options) => {
    expect(repository).toBe(transactional);
    expect(options).toEqual({ returning: ['record_id'] });
    inserts.push([...rows]);
    return newIds.map((recordId) => ({ record_id: recordId }));
  });
  const manager = { getRepository: (target: unknown) => (target === ExploreRecordEntity ? transactional : undefined) } as unknown as EntityManager;
  const records = {
    manager: { transaction: async (work: (manager: EntityManager) => Promise<void>) => work(manager) },
  } as unknown as Repository<ExploreRecordEntity>;
  const profiles = { merge: jest.fn(async (_manager: EntityManager, batches: BatchProfile[]) => void profiled.push(batches)) } as unknown as RunProfileRepository;
  return { repository: new ExploreRecordRepository(records, profiles), profiled, inserts };
}

describe('ExploreRecordRepository.insertIgnoringDuplicates', () => {
  it('profiles only the records this call inserted, and a record delivered twice in the batch once', async () => {
    const { repository, profiled, inserts } = repositoryInserting(['a', 'c']);
    const rows = [row('a', { id: 1 }), row('b', { id: 2 }), row('a', { id: 1 }), row('c', { id: null })];
    await repository.insertIgnoringDuplicates(rows);
    expect(inserts).toEqual([rows]);
    expect(profiled).toHaveLength(1);
    const [batch] = profiled[0];
    expect(batch.records).toBe(2);
    expect(batch.fields.get('id')!.toStatistics()).toMatchObject({ present: 2, nulls: 1, numberRange: { min: 1, max: 1 } });
  });

  it('profiles nothing when every record was stored before (a redelivered batch)', async () => {
    const { repository, profiled } = repositoryInserting([]);
    await repository.insertIgnoringDuplicates([row('a', { id: 1 }), row('a', { id: 1 })]);
    expect(profiled).toEqual([]);
  });
});
