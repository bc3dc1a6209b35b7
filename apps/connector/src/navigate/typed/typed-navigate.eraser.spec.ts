import type { DataSource, EntityManager } from 'typeorm';
import { TypedDatasetRepository } from './typed-dataset.repository';
import { ERASE_DATASET_PAGE, ERASE_RECORD_BATCH, TypedNavigateEraser } from './typed-navigate.eraser';

const recordId = (index: number) => `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`;
const REGISTRY = 'SELECT dataset_id FROM connector.navigate_datasets WHERE $1::text IS NULL OR dataset_id > $1 ORDER BY dataset_id LIMIT $2';
const LOCK = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';
const deleteFrom = (table: string) => `WITH deleted AS (DELETE FROM ${table} WHERE atlas_record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted`;
const DELETE_CONFLICTS = 'WITH deleted AS (DELETE FROM connector.navigate_conflicts WHERE record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted';

/**
 * A transaction's manager over an in-memory database: the registry, the typed tables' record ids and
 * the conflicts' record ids. Every statement is recorded with its parameters.
 */
function fakeDatabase(datasetIds: string[], rows: Map<string, Set<string>>, conflicts: Set<string>) {
  const statements: Array<{ sql: string; parameters: unknown[] }> = [];
  const deleteAll = (from: Set<string>, ids: string[]) => [{ deleted: ids.filter((id) => from.delete(id)).length }];
  const manager = {
    query: async (sql: string, parameters: unknown[]) => {
      statements.push({ sql, parameters });
      if (sql === REGISTRY) {
        const [after, limit] = parameters as [string | null, number];
        return datasetIds.filter((id) => after === null || id > after).slice(0, limit).map((dataset_id) => ({ dataset_id }));
      }
      if (sql === LOCK) return [];
      if (sql === DELETE_CONFLICTS) return deleteAll(conflicts, parameters[0] as string[]);
      const table = sql.match(/DELETE FROM "navigate_typed"\."([^"]+)"/)?.[1];
      if (table) return deleteAll(rows.get(table)!, parameters[0] as string[]);
      throw new Error(`unexpected SQL ${sql}`);
    },
  } as unknown as EntityManager;
  return { manager, statements };
}

function eraser(): TypedNavigateEraser {
  return new TypedNavigateEraser(new TypedDatasetRepository({} as DataSource));
}

describe('TypedNavigateEraser', () => {
  it('deletes the records from every typed table (each locked first, quoted) and their conflicts, in that order', async () => {
    const rows = new Map([
      ['fake-names', new Set([recordId(1), recordId(9)])],
      ['people', new Set([recordId(2), recordId(3)])],
    ]);
    const conflicts = new Set([recordId(3), recordId(8)]);
    const { manager, statements } = fakeDatabase(['fake-names', 'people'], rows, conflicts);
    const ids = [recordId(1), recordId(2), recordId(3), recordId(2)];

    expect(await eraser().erase(manager, ids)).toEqual({ rows: 3, conflicts: 1 });
    const once = [recordId(1), recordId(2), recordId(3)];
    expect(statements).toEqual([
      { sql: REGISTRY, parameters: [null, ERASE_DATASET_PAGE] },
      { sql: LOCK, parameters: ['atlas.navigate_typed:fake-names'] },
      { sql: deleteFrom('"navigate_typed"."fake-names"'), parameters: [once] },
      { sql: LOCK, parameters: ['atlas.navigate_typed:people'] },
      { sql: deleteFrom('"navigate_typed"."people"'), parameters: [once] },
      { sql: DELETE_CONFLICTS, parameters: [once] },
    ]);
    // Other records' rows and conflicts stay.
    expect([...rows.get('fake-names')!]).toEqual([recordId(9)]);
    expect([...rows.get('people')!]).toEqual([]);
    expect([...conflicts]).toEqual([recordId(8)]);
  });

  it('is idempotent: erasing again deletes nothing and does not fail', async () => {
    const rows = new Map([['people', new Set([recordId(1)])]]);
    const conflicts = new Set([recordId(1)]);
    const { manager } = fakeDatabase(['people'], rows, conflicts);
    expect(await eraser().erase(manager, [recordId(1)])).toEqual({ rows: 1, conflicts: 1 });
    expect(await eraser().erase(manager, [recordId(1)])).toEqual({ rows: 0, conflicts: 0 });
  });

  it('deletes in batches of ERASE_RECORD_BATCH ids and walks the registry page by page', async () => {
    const datasetIds = Array.from({ length: ERASE_DATASET_PAGE + 1 }, (_, index) => `source-${String(index).padStart(3, '0')}`);
    const ids = Array.from({ length: ERASE_RECORD_BATCH + 1 }, (_, index) => recordId(index));
    const rows = new Map(datasetIds.map((id) => [id, new Set(ids)]));
    const { manager, statements } = fakeDatabase(datasetIds, rows, new Set());

    expect(await eraser().erase(manager, ids)).toEqual({ rows: datasetIds.length * ids.length, conflicts: 0 });
    const registryReads = statements.filter((statement) => statement.sql === REGISTRY).map((statement) => statement.parameters);
    expect(registryReads).toEqual([
      [null, ERASE_DATASET_PAGE],
      [`source-${String(ERASE_DATASET_PAGE - 1).padStart(3, '0')}`, ERASE_DATASET_PAGE],
    ]);
    const lastTable = statements.filter((statement) => statement.sql === deleteFrom(`"navigate_typed"."source-${ERASE_DATASET_PAGE}"`));
    expect(lastTable.map((statement) => (statement.parameters[0] as string[]).length)).toEqual([ERASE_RECORD_BATCH, 1]);
    expect(statements.filter((statement) => statement.sql === DELETE_CONFLICTS).map((statement) => (statement.parameters[0] as string[]).length)).toEqual([ERASE_RECORD_BATCH, 1]);
    expect(statements.filter((statement) => statement.sql === LOCK)).toHaveLength(datasetIds.length);
  });

  it('touches nothing for no records', async () => {
    const { manager, statements } = fakeDatabase(['people'], new Map(), new Set());
    expect(await eraser().erase(manager, [])).toEqual({ rows: 0, conflicts: 0 });
    expect(statements).toEqual([]);
  });

  it('refuses a registry entry that is not a source id instead of building SQL from it', async () => {
    const { manager } = fakeDatabase(['people"; DROP TABLE x; --'], new Map(), new Set());
    await expect(eraser().erase(manager, [recordId(1)])).rejects.toThrow('dataset id is not a source id');
  });
});
