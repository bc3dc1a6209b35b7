import { planTable } from './typed-table-plan';

const people = {
  columns: [
    { name: 'id', logicalType: 'integer' as const, required: true },
    { name: 'city', logicalType: 'string' as const },
  ],
  primaryKey: ['id'],
};
const table = { columns: [{ name: 'id', type: 'bigint' as const }, { name: 'city', type: 'text' as const }], primaryKey: ['id'] };

describe('planTable', () => {
  it('creates a table from the first contract version', () => {
    expect(planTable(undefined, people)).toEqual({ kind: 'ready', create: true, addColumns: [], columns: table.columns, primaryKey: ['id'], state: table });
  });

  it('adds the columns a new version declares, keeping those it no longer declares', () => {
    const next = { columns: [{ name: 'id', logicalType: 'integer' as const }, { name: 'born', logicalType: 'date' as const }], primaryKey: ['id'] };
    expect(planTable(table, next)).toEqual({
      kind: 'ready',
      create: false,
      addColumns: [{ name: 'born', type: 'date' }],
      columns: [{ name: 'id', type: 'bigint' }, { name: 'born', type: 'date' }],
      primaryKey: ['id'],
      state: { columns: [...table.columns, { name: 'born', type: 'date' }], primaryKey: ['id'] },
    });
  });

  it('refuses a version that changes a column type or the business key', () => {
    expect(planTable(table, { ...people, columns: [people.columns[0], { name: 'city', logicalType: 'integer' }] })).toEqual({ kind: 'refused', reason: 'column "city" is text in the table; this contract version makes it bigint' });
    expect(planTable(table, { ...people, primaryKey: ['id', 'city'] })).toEqual({ kind: 'refused', reason: 'the table\'s primary key is ("id"); this contract version declares ("id", "city")' });
    expect(planTable(table, { ...people, primaryKey: [] })).toEqual({ kind: 'refused', reason: 'the table\'s primary key is ("id"); this contract version declares none (rows keyed by record id)' });
  });

  it('refuses properties that cannot be columns', () => {
    expect(planTable(undefined, { columns: [{ name: 'atlas_run_id' }], primaryKey: [] })).toEqual({ kind: 'refused', reason: 'property "atlas_run_id" cannot name a column: it starts with "atlas_", which Atlas keeps for its own columns' });
    expect(planTable(undefined, { columns: [{ name: 'a' }, { name: 'a' }], primaryKey: [] })).toEqual({ kind: 'refused', reason: 'property "a" is declared twice' });
    expect(planTable(undefined, { columns: [{ name: 'a' }], primaryKey: ['b'] })).toEqual({ kind: 'refused', reason: 'primary key "b" is not a property' });
  });
});
