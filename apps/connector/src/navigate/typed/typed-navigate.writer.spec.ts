import type { EntityManager } from 'typeorm';
import type { ChartRecordEnvelope, ContractDataset } from '@atlas/contracts';
import type { TypedDatasetRepository, TypedConflict } from './typed-dataset.repository';
import type { TableState } from './typed-table-plan';
import type { TypedRow } from './typed-rows';
import { TypedNavigateWriter } from './typed-navigate.writer';

const manager = {} as EntityManager;
const v1: ContractDataset = { columns: [{ name: 'id', logicalType: 'integer' }, { name: 'age', logicalType: 'integer' }], primaryKey: ['id'] };
const v2: ContractDataset = { columns: [...v1.columns, { name: 'city', logicalType: 'string' }], primaryKey: ['id'] };
const v3: ContractDataset = { columns: [{ name: 'id', logicalType: 'integer' }, { name: 'age', logicalType: 'string' }], primaryKey: ['id'] };

function record(sourceId: string, index: number, version: string, dataset: ContractDataset | undefined, payload: Record<string, unknown>): ChartRecordEnvelope {
  return {
    recordId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    sourceId,
    runId: '0190b8a4-0000-7000-8000-000000000001',
    position: { index },
    ingestedAt: '2026-11-30T10:00:00.000Z',
    checksum: '0'.repeat(64),
    payload,
    protection: { policyId: 'default', policyVersion: 1, findings: [] },
    quality: { contractId: 'c', contractVersion: version, valid: true, ...(dataset ? { dataset } : {}) },
  };
}

/** Records what the writer asks of the repository, with tables held in memory. */
function fakeRepository(tables: Map<string, TableState>) {
  const calls: string[] = [];
  const conflicts: TypedConflict[] = [];
  const repository = {
    lock: async (_manager: EntityManager, datasetId: string) => void calls.push(`lock ${datasetId}`),
    find: async (datasetId: string) => tables.get(datasetId),
    shape: async (_manager: EntityManager, datasetId: string, change: { create: boolean; addColumns: Array<{ name: string }>; state: TableState; contractVersion: string }) => {
      if (change.create) calls.push(`create ${datasetId}@${change.contractVersion}`);
      else if (change.addColumns.length > 0) calls.push(`add ${change.addColumns.map((column) => column.name).join(',')} to ${datasetId}@${change.contractVersion}`);
      tables.set(datasetId, change.state);
    },
    upsert: async (_manager: EntityManager, datasetId: string, columns: Array<{ name: string }>, primaryKey: string[], rows: TypedRow[]) =>
      void calls.push(`upsert ${rows.length} rows into ${datasetId} (${columns.map((column) => column.name).join(', ')}; key ${primaryKey.join(', ')}): ${rows.map((row) => row.values.join('|')).join(' ')}`),
    recordConflicts: async (_manager: EntityManager, rows: TypedConflict[]) => void conflicts.push(...rows),
  };
  return { repository: repository as unknown as TypedDatasetRepository, calls, conflicts };
}

describe('TypedNavigateWriter', () => {
  it('creates, evolves and writes each dataset under its lock, in dataset order, and reports conflicts', async () => {
    const tables = new Map<string, TableState>([['zeta', { columns: [{ name: 'id', type: 'bigint' }, { name: 'age', type: 'bigint' }], primaryKey: ['id'] }]]);
    const { repository, calls, conflicts } = fakeRepository(tables);
    const records = [
      record('zeta', 0, '3.0.0', v3, { id: 1, age: 'forty' }),
      record('alpha', 1, '1.0.0', v1, { id: 1, age: 40 }),
      record('alpha', 2, '2.0.0', v2, { id: 2, age: 41, city: 'Lyon' }),
      record('alpha', 3, '2.0.0', v2, { id: 3, age: '<CREDIT_CARD>' }),
      record('legacy', 4, '1.0.0', undefined, { id: 5 }),
    ];
    const outcome = await new TypedNavigateWriter(repository).write(manager, records);
    expect(calls).toEqual([
      'lock alpha',
      'create alpha@1.0.0',
      'upsert 1 rows into alpha (id, age; key id): 1|40',
      'add city to alpha@2.0.0',
      'upsert 1 rows into alpha (id, age, city; key id): 2|41|Lyon',
      'lock zeta',
    ]);
    expect(conflicts.map(({ datasetId, positionIndex, contractVersion, reason }) => ({ datasetId, positionIndex, contractVersion, reason }))).toEqual([
      { datasetId: 'alpha', positionIndex: 3, contractVersion: '2.0.0', reason: 'column "age" (bigint): a string does not fit bigint' },
      { datasetId: 'zeta', positionIndex: 0, contractVersion: '3.0.0', reason: 'contract c@3.0.0: column "age" is bigint in the table; this contract version makes it text' },
    ]);
    expect(outcome).toEqual({ rows: 2, conflictsBySource: new Map([['alpha', 1], ['zeta', 1]]) });
  });
});
