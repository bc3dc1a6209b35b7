import { DataSource, EntityManager } from 'typeorm';
import type { PreparedStatement } from '@atlas/database';
import { BatchProfile, MAX_PROFILED_FIELDS } from './batch-profile';
import { FieldProfile, FieldStatistics } from './field-profile';
import { decodeRegisters } from './hyperloglog';
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

/** A manager answering the repository's statements from stored fields of RUN_ID and a count of its stored fields. */
/** A statement's text: the merge's statements are prepared ({ name, text }), the others plain text. */
function textOf(sql: unknown): string {
  return typeof sql === 'string' ? sql : (sql as PreparedStatement).text;
}

function managerWith(stored: Array<{ name: string; profile: FieldProfile }>, storedFieldCount: number): { manager: EntityManager; query: jest.Mock } {
  const query = jest.fn(async (sql: unknown) => {
    if (textOf(sql).startsWith('SELECT f.run_id')) {
      return [
        ...stored.map(({ name, profile }) => ({ run_id: RUN_ID, field_name: name, statistics: profile.toStatistics(), distinct_registers: Buffer.from(profile.distinct.registers), fields: null })),
        { run_id: RUN_ID, field_name: null, statistics: null, distinct_registers: null, fields: String(storedFieldCount) },
      ];
    }
    return [];
  });
  return { manager: { query } as unknown as EntityManager, query };
}

function parametersOf(query: jest.Mock, statementStart: string): unknown[][] {
  const call = query.mock.calls.find(([sql]) => textOf(sql).trimStart().startsWith(statementStart));
  return call ? (call[1] as unknown[][]) : [];
}

function upsertedRegisters(query: jest.Mock): Buffer[] {
  return (parametersOf(query, 'INSERT INTO connector.run_profile_fields') as [string[], string[], string[], Buffer[]])[3];
}

function upsertedFields(query: jest.Mock): Array<[string, string, FieldStatistics]> {
  const [runIds, names, statistics] = parametersOf(query, 'INSERT INTO connector.run_profile_fields') as [string[], string[], string[]];
  return runIds.map((runId, index) => [runId, names[index], JSON.parse(statistics[index]) as FieldStatistics]);
}

describe('RunProfileRepository.merge', () => {
  const repository = new RunProfileRepository({} as DataSource);

  it('upserts (and so locks) the run first, adds the batch to its record count, and merges each field into the stored one', async () => {
    const { manager, query } = managerWith([{ name: 'id', profile: profileOf([1, 2]) }], 1);
    await repository.merge(manager, [batchOf({ id: [3], name: ['Ada'] }, 1)]);
    expect(query.mock.calls.map(([sql]) => textOf(sql).trim().split(/\s+/, 3).join(' '))).toEqual([
      'INSERT INTO connector.run_profiles',
      'SELECT f.run_id::text AS',
      'INSERT INTO connector.run_profile_fields',
    ]);
    expect(parametersOf(query, 'INSERT INTO connector.run_profiles')).toEqual([[RUN_ID], ['people'], [1], [false]]);
    expect(parametersOf(query, 'SELECT f.run_id')).toEqual([[RUN_ID, RUN_ID], ['id', 'name'], [RUN_ID]]);
    expect(upsertedFields(query).map(([runId, name, statistics]) => [runId, name, statistics.present, statistics.numberRange])).toEqual([
      [RUN_ID, 'id', 3, { min: 1, max: 3 }],
      [RUN_ID, 'name', 1, null],
    ]);
    expect(query.mock.calls.some(([sql]) => textOf(sql).includes('SET field_limit_reached = true'))).toBe(false);
  });

  it('admits new fields only while the run has room, and records that some were left out', async () => {
    const { manager, query } = managerWith([{ name: 'id', profile: profileOf([1]) }], MAX_PROFILED_FIELDS - 1);
    await repository.merge(manager, [batchOf({ id: [2], first: ['a'], second: ['b'] }, 1)]);
    expect(upsertedFields(query).map(([, name]) => name)).toEqual(['id', 'first']);
    expect(parametersOf(query, 'UPDATE connector.run_profiles SET field_limit_reached = true')).toEqual([[RUN_ID]]);
  });

  it('merges several runs in the same statements, upserting them in id order so two batches never wait on each other in a cycle', async () => {
    const { manager, query } = managerWith([], 0);
    const later = { ...batchOf({ id: [1] }, 1), runId: 'ffffffff-0000-4000-8000-000000000000' };
    const earlier = { ...batchOf({ id: [1], name: ['x'] }, 2), runId: '00000000-0000-4000-8000-000000000000' };
    await repository.merge(manager, [later, earlier]);
    expect(parametersOf(query, 'INSERT INTO connector.run_profiles')).toEqual([[earlier.runId, later.runId], ['people', 'people'], [2, 1], [false, false]]);
    expect(upsertedFields(query).map(([runId, name]) => [runId, name])).toEqual([
      [earlier.runId, 'id'],
      [earlier.runId, 'name'],
      [later.runId, 'id'],
    ]);
    expect(query.mock.calls).toHaveLength(3);
  });

  it("writes a small run's registers as (index, value) entries and reads the stored ones in either form", async () => {
    const storedDense = profileOf(['a', 'b']);
    const { manager, query } = managerWith([{ name: 'id', profile: storedDense }], 1);
    await repository.merge(manager, [batchOf({ id: ['c'] }, 1)]);
    const expected = profileOf(['a', 'b', 'c']).distinct.registers;
    const [written] = upsertedRegisters(query);
    expect(written).toHaveLength(3 * expected.filter((register) => register !== 0).length);
    expect(Buffer.from(decodeRegisters(written)).equals(Buffer.from(expected))).toBe(true);
  });
});
