import type { ChartRecordEnvelope } from '@atlas/contracts';
import { typedRowsOf } from './typed-rows';

const RUN = '0190b8a4-0000-7000-8000-000000000001';
const columns = [{ name: 'id', type: 'bigint' as const }, { name: 'age', type: 'bigint' as const }, { name: 'city', type: 'text' as const }];

function record(recordId: string, index: number, ingestedAt: string, payload: Record<string, unknown>): ChartRecordEnvelope {
  return {
    recordId,
    sourceId: 'people',
    runId: RUN,
    position: { index },
    ingestedAt,
    checksum: '0'.repeat(64),
    payload,
    protection: { policyId: 'default', policyVersion: 1, findings: [] },
    quality: { contractId: 'people-contract', contractVersion: '1.0.0', valid: true },
  };
}

const id = (last: number) => `00000000-0000-4000-8000-${String(last).padStart(12, '0')}`;

describe('typedRowsOf', () => {
  it('turns each record into its column parameters with its provenance', () => {
    const { rows, conflicts } = typedRowsOf([record(id(1), 0, '2026-11-30T10:00:00.000Z', { id: 7, age: 40, city: 'Lyon', extra: true })], columns, ['id']);
    expect(conflicts).toEqual([]);
    expect(rows).toEqual([{ recordId: id(1), runId: RUN, positionIndex: 0, ingestedAt: '2026-11-30T10:00:00.000Z', contractId: 'people-contract', contractVersion: '1.0.0', values: ['7', '40', 'Lyon'] }]);
  });

  it('keeps the newest version of each key: later ingestion, then later position, then the greater record id', () => {
    const records = [
      record(id(3), 5, '2026-11-30T10:00:01.000Z', { id: 1, age: 3 }),
      record(id(1), 0, '2026-11-30T10:00:00.000Z', { id: 1, age: 1 }),
      record(id(2), 9, '2026-11-30T10:00:00.000Z', { id: 2, age: 2 }),
      record(id(4), 3, '2026-11-30T10:00:00.000Z', { id: 2, age: 4 }),
      record(id(6), 7, '2026-11-30T10:00:02.000Z', { id: 3, age: 6 }),
      record(id(5), 7, '2026-11-30T10:00:02.000Z', { id: 3, age: 5 }),
    ];
    const ages = (order: ChartRecordEnvelope[]) => typedRowsOf(order, columns, ['id']).rows.map((row) => [row.values[0], row.values[1]]);
    expect(ages(records)).toEqual([['1', '3'], ['2', '2'], ['3', '6']]);
    // Redelivered in any order, the same versions win.
    expect(ages([...records].reverse())).toEqual([['3', '6'], ['2', '2'], ['1', '3']]);
  });

  it('keys rows by record id when the contract has no primary key', () => {
    const records = [record(id(1), 0, '2026-11-30T10:00:00.000Z', { id: 1 }), record(id(2), 1, '2026-11-30T10:00:00.000Z', { id: 1 })];
    expect(typedRowsOf(records, columns, []).rows.map((row) => row.recordId)).toEqual([id(1), id(2)]);
  });

  it('makes a record whose value does not fit, or whose key is empty, a conflict with the reason', () => {
    const unfit = record(id(1), 0, '2026-11-30T10:00:00.000Z', { id: 1, age: '<CREDIT_CARD>' });
    const keyless = record(id(2), 1, '2026-11-30T10:00:00.000Z', { age: 3 });
    const { rows, conflicts } = typedRowsOf([unfit, keyless], columns, ['id']);
    expect(rows).toEqual([]);
    expect(conflicts).toEqual([
      { record: unfit, reason: 'column "age" (bigint): a string does not fit bigint' },
      { record: keyless, reason: 'primary key column "id" has no value' },
    ]);
  });
});
