import { DataSource, EntityManager } from 'typeorm';
import { BatchProfile, MAX_PROFILED_FIELDS } from './batch-profile';
import { FieldProfile, FieldStatistics } from './field-profile';
import { RunProfileRepository } from './run-profile.repository';

const RUN_ID = '3f1c2b4a-0000-4000-8000-000000000001';

function profileOf(values: unknown[]): FieldProfile {
  const profile = new FieldProfile();
  for (const value of values) profile.add(value);
  return profile;
}

function batchOf(fields: Record<string, unknown[]>, records: number): BatchProfile {
  return { sourceId: 'people', runId: RUN_ID, records, fieldLimitReached: false, fields: new Map(Object.entries(fields).map(([name, values]) => [name, profileOf(values)])) };
}

/** A manager answering the repository's statements from a stored field and a count of stored fields. */
function managerWith(stored: Array<{ name: string; profile: FieldProfile }>, storedFieldCount: number): { manager: EntityManager; query: jest.Mock } {
  const query = jest.fn(async (sql: string) => {
    if (sql.startsWith('SELECT field_name')) {
      return stored.map(({ name, profile }) => ({ field_name: name, statistics: profile.toStatistics(), distinct_registers: Buffer.from(profile.distinct.registers) }));
    }
    if (sql.startsWith('SELECT count(*)')) return [{ fields: String(storedFieldCount) }];
    return [];
  });
  return { manager: { query } as unknown as EntityManager, query };
}

function upsertedFields(query: jest.Mock): Array<[string, FieldStatistics]> {
  const [, parameters] = query.mock.calls.find(([sql]) => (sql as string).startsWith('INSERT INTO connector.run_profile_fields'))!;
  const rows: Array<[string, FieldStatistics]> = [];
  for (let index = 0; index < (parameters as unknown[]).length; index += 4) rows.push([(parameters as string[])[index + 1], JSON.parse((parameters as string[])[index + 2]) as FieldStatistics]);
  return rows;
}

describe('RunProfileRepository.merge', () => {
  const repository = new RunProfileRepository({} as DataSource);

  it('locks the run, adds the batch to its record count, and merges each field into the stored one', async () => {
    const { manager, query } = managerWith([{ name: 'id', profile: profileOf([1, 2]) }], 1);
    await repository.merge(manager, [batchOf({ id: [3], name: ['Ada'] }, 1)]);
    expect(query.mock.calls[0]).toEqual(["SELECT pg_advisory_xact_lock(hashtextextended('connector.run_profiles:' || $1, 0))", [RUN_ID]]);
    expect(query.mock.calls[1][1]).toEqual([RUN_ID, 'people', 1, false]);
    expect(query.mock.calls[2][1]).toEqual([RUN_ID, ['id', 'name']]);
    const upserted = upsertedFields(query);
    expect(upserted.map(([name, statistics]) => [name, statistics.present, statistics.numberRange])).toEqual([
      ['id', 3, { min: 1, max: 3 }],
      ['name', 1, null],
    ]);
    expect(query.mock.calls.some(([sql]) => (sql as string).includes('SET field_limit_reached = true'))).toBe(false);
  });

  it('admits new fields only while the run has room, and records that some were left out', async () => {
    const { manager, query } = managerWith([{ name: 'id', profile: profileOf([1]) }], MAX_PROFILED_FIELDS - 1);
    await repository.merge(manager, [batchOf({ id: [2], first: ['a'], second: ['b'] }, 1)]);
    expect(upsertedFields(query).map(([name]) => name)).toEqual(['id', 'first']);
    expect(query.mock.calls.some(([sql, parameters]) => (sql as string).includes('SET field_limit_reached = true') && (parameters as string[])[0] === RUN_ID)).toBe(true);
  });

  it('locks runs in id order, so two batches never wait on each other in a cycle', async () => {
    const { manager, query } = managerWith([], 0);
    const later = { ...batchOf({ id: [1] }, 1), runId: 'ffffffff-0000-4000-8000-000000000000' };
    const earlier = { ...batchOf({ id: [1] }, 1), runId: '00000000-0000-4000-8000-000000000000' };
    await repository.merge(manager, [later, earlier]);
    const locked = query.mock.calls.filter(([sql]) => (sql as string).includes('pg_advisory_xact_lock')).map(([, parameters]) => (parameters as string[])[0]);
    expect(locked).toEqual([earlier.runId, later.runId]);
  });
});
