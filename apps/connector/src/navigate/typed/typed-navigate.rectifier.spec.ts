import type { DataSource, EntityManager } from 'typeorm';
import { TypedDatasetRepository } from './typed-dataset.repository';
import { TypedNavigateRectifier } from './typed-navigate.rectifier';

const recordId = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
const LOCK = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';
const TOKEN = `tok_${'a'.repeat(26)}`;
const REGISTRY: Record<string, { columns: Array<{ name: string; type: string }>; primaryKey: string[] }> = {
  people: { columns: [{ name: 'id', type: 'bigint' }, { name: 'name', type: 'text' }, { name: 'age', type: 'bigint' }], primaryKey: ['id'] },
  orders: { columns: [{ name: 'total', type: 'numeric' }], primaryKey: [] },
};

/** A transaction's manager answering the registry; every statement recorded with its parameters. */
function fakeManager() {
  const statements: Array<[string, unknown[]]> = [];
  const manager = {
    query: async (sql: string, parameters: unknown[]) => {
      statements.push([sql.replace(/\s+/g, ' '), parameters]);
      if (sql.startsWith('SELECT dataset_id, primary_key')) {
        const entry = REGISTRY[parameters[0] as string];
        return entry ? [{ dataset_id: parameters[0], primary_key: entry.primaryKey, columns: entry.columns, contract_id: 'c', contract_version: '1.0.0', created_at: new Date(0), updated_at: new Date(0) }] : [];
      }
      return sql.includes('DELETE') ? [{ deleted: 1 }] : [];
    },
  } as unknown as EntityManager;
  return { manager, statements };
}

const rectifier = () => new TypedNavigateRectifier(new TypedDatasetRepository({} as DataSource));

describe('TypedNavigateRectifier', () => {
  it('sets the corrected columns of the records’ rows in their source’s table, each value cast to its column type, datasets in order', async () => {
    const { manager, statements } = fakeManager();
    const bySource = new Map([
      ['people', [recordId(1), recordId(2)]],
      ['orders', [recordId(3)]],
      ['unregistered', [recordId(4)]],
    ]);
    const outcome = await rectifier().rectify(manager, bySource, { people: { name: TOKEN, age: 41, city: 'x' }, orders: { name: TOKEN }, unregistered: { name: TOKEN } });
    expect(outcome).toEqual({ updated: ['people'], conflicted: [] });
    expect(statements.filter(([sql]) => !sql.startsWith('SELECT dataset_id'))).toEqual([
      // orders has no corrected column: locked, left alone.
      [LOCK, ['atlas.navigate_typed:orders']],
      [LOCK, ['atlas.navigate_typed:people']],
      ['UPDATE "navigate_typed"."people" SET "name" = $2::text, "age" = $3::bigint, atlas_written_at = now() WHERE atlas_record_id = ANY($1::uuid[])', [[recordId(1), recordId(2)], TOKEN, '41']],
      [LOCK, ['atlas.navigate_typed:unregistered']],
    ]);
  });

  it('takes the rows out as conflicts, naming the column and never the value, when a protected value does not fit its column', async () => {
    const { manager, statements } = fakeManager();
    const outcome = await rectifier().rectify(manager, new Map([['people', [recordId(1)]]]), { people: { name: TOKEN, age: 'abc1234' } });
    expect(outcome).toEqual({ updated: [], conflicted: ['people'] });
    const reason = 'rectified column "age" (bigint): a string does not fit bigint';
    expect(statements.slice(-2)).toEqual([
      ['WITH deleted AS (DELETE FROM "navigate_typed"."people" WHERE atlas_record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted', [[recordId(1)]]],
      [
        'INSERT INTO connector.navigate_conflicts (record_id, dataset_id, run_id, position_index, contract_id, contract_version, reason) SELECT record_id, $2, run_id, position_index, contract_id, contract_version, $3 FROM connector.navigate_records WHERE record_id = ANY($1::uuid[]) ON CONFLICT (record_id) DO NOTHING',
        [[recordId(1)], 'people', reason],
      ],
    ]);
    expect(JSON.stringify(statements)).not.toContain('abc1234');
  });

  it('does nothing for a source without corrections or records', async () => {
    const { manager, statements } = fakeManager();
    expect(await rectifier().rectify(manager, new Map([['people', [recordId(1)]], ['orders', []]]), { orders: { total: 1 } })).toEqual({ updated: [], conflicted: [] });
    expect(statements).toEqual([]);
  });
});
