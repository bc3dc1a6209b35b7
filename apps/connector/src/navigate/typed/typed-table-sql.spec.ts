import { addColumnsSql, createTableSql, deleteRecordRowsSql, recordIdByKeySql, recordIdIndexName, recordIdIndexSql, rowsPageSql, upsertParametersOf, upsertRowsSql, writtenColumns } from './typed-table-sql';
import type { TypedRow } from './typed-rows';

const columns = [{ name: 'id', type: 'bigint' as const }, { name: 'Full "name"', type: 'text' as const }];
const SYSTEM = 'atlas_record_id, atlas_run_id, atlas_position_index, atlas_ingested_at, atlas_contract_id, atlas_contract_version';

function row(index: number): TypedRow {
  return { recordId: `r${index}`, runId: 'run', positionIndex: index, ingestedAt: 't', contractId: 'c', contractVersion: '1', values: [String(index), null] };
}

describe('typed table SQL', () => {
  it('creates the table with Atlas columns, quoted contract columns and the business key', () => {
    expect(createTableSql('people', columns, ['id'])).toBe(
      'CREATE TABLE IF NOT EXISTS "navigate_typed"."people" (atlas_record_id uuid NOT NULL, atlas_run_id uuid NOT NULL, atlas_position_index integer NOT NULL, ' +
        'atlas_ingested_at timestamptz NOT NULL, atlas_contract_id text NOT NULL, atlas_contract_version text NOT NULL, atlas_written_at timestamptz NOT NULL DEFAULT now(), ' +
        '"id" bigint, "Full ""name""" text, PRIMARY KEY ("id"))',
    );
    expect(createTableSql('people', columns, [])).toContain('PRIMARY KEY ("atlas_record_id"))');
    expect(addColumnsSql('people', [{ name: 'born', type: 'date' }, { name: 'tags', type: 'jsonb' }])).toBe('ALTER TABLE "navigate_typed"."people" ADD COLUMN IF NOT EXISTS "born" date, ADD COLUMN IF NOT EXISTS "tags" jsonb');
  });

  it('indexes atlas_record_id in a table keyed by a business key (in one keyed by record id it is the primary key)', () => {
    expect(recordIdIndexSql('people', ['id'])).toBe('CREATE INDEX IF NOT EXISTS "atlas_record_id_c9022680f888674e2b227475" ON "navigate_typed"."people" (atlas_record_id)');
    expect(recordIdIndexSql('people', [])).toBeUndefined();
    // A hash of the id: 40 bytes whatever the id's length, so long ids sharing 63 bytes never share an index.
    const long = 'a'.repeat(62);
    expect(recordIdIndexName(`${long}1`)).not.toBe(recordIdIndexName(`${long}2`));
    expect(recordIdIndexName(`${long}1`)).toHaveLength(40);
  });

  it('upserts a batch from one array per column, replacing a key only with a newer version', () => {
    expect(writtenColumns(columns)).toEqual([...SYSTEM.split(', '), '"id"', '"Full ""name"""']);
    expect(upsertRowsSql('people', columns, ['id'])).toBe(
      `INSERT INTO "navigate_typed"."people" AS target (${SYSTEM}, "id", "Full ""name""") ` +
        'SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::integer[], $4::timestamptz[], $5::text[], $6::text[], $7::bigint[], $8::text[]) ' +
        'ON CONFLICT ("id") DO UPDATE SET atlas_record_id = EXCLUDED.atlas_record_id, atlas_run_id = EXCLUDED.atlas_run_id, atlas_position_index = EXCLUDED.atlas_position_index, ' +
        'atlas_ingested_at = EXCLUDED.atlas_ingested_at, atlas_contract_id = EXCLUDED.atlas_contract_id, atlas_contract_version = EXCLUDED.atlas_contract_version, ' +
        '"Full ""name""" = EXCLUDED."Full ""name""", atlas_written_at = now() ' +
        'WHERE (EXCLUDED.atlas_ingested_at, EXCLUDED.atlas_position_index, EXCLUDED.atlas_record_id) > (target.atlas_ingested_at, target.atlas_position_index, target.atlas_record_id)',
    );
  });

  it('never updates rows keyed by record id', () => {
    expect(upsertRowsSql('people', columns, [])).toMatch(/FROM unnest\(\$1::uuid\[\], .*, \$8::text\[\]\) ON CONFLICT \(atlas_record_id\) DO NOTHING$/);
  });

  it('passes each written column as one array, in row order, absent values as NULL', () => {
    expect(upsertParametersOf([row(7), { ...row(8), values: ['8', 'Zoë\t"q" \\N'] }], 2)).toEqual([
      ['r7', 'r8'],
      ['run', 'run'],
      ['7', '8'],
      ['t', 't'],
      ['c', 'c'],
      ['1', '1'],
      ['7', '8'],
      [null, 'Zoë\t"q" \\N'],
    ]);
    expect(upsertParametersOf([], 2)).toEqual([[], [], [], [], [], [], [], []]);
  });

  it('refuses NUL, which PostgreSQL text cannot hold', () => {
    expect(() => upsertParametersOf([{ ...row(1), values: ['1', 'a\u0000b'] }], 2)).toThrow(new RangeError('a NUL character cannot be stored in PostgreSQL text'));
  });

  it('pages in key order after the cursor key, without Atlas columns in the values', () => {
    const statement = rowsPageSql('people', columns, ['id'], 51, ['200']);
    expect(statement).toEqual({
      text:
        'SELECT target.atlas_record_id AS "recordId", target.atlas_run_id AS "runId", target.atlas_contract_version AS "contractVersion", to_jsonb(target) - ARRAY[\'atlas_record_id\', \'atlas_run_id\', ' +
        "'atlas_position_index', 'atlas_ingested_at', 'atlas_contract_id', 'atlas_contract_version', 'atlas_written_at']::text[] AS \"values\", " +
        'ARRAY[target."id"::text] AS "keyText" FROM "navigate_typed"."people" AS target WHERE ("id") > ($1::bigint) ORDER BY "id" LIMIT $2',
      values: ['200', 51],
    });
    expect(rowsPageSql('people', columns, [], 10, undefined).text).toMatch(/FROM "navigate_typed"\."people" AS target ORDER BY "atlas_record_id" LIMIT \$1$/);
  });

  it('finds the record id of a row by its key values, each cast to its column type', () => {
    expect(recordIdByKeySql('people', columns, ['id', 'Full "name"'], ['42', 'Ada'])).toEqual({
      text: 'SELECT atlas_record_id AS "recordId" FROM "navigate_typed"."people" WHERE "id" = $1::bigint AND "Full ""name""" = $2::text',
      values: ['42', 'Ada'],
    });
    expect(recordIdByKeySql('people', columns, [], ['00000000-0000-4000-8000-000000000001'])).toEqual({
      text: 'SELECT atlas_record_id AS "recordId" FROM "navigate_typed"."people" WHERE "atlas_record_id" = $1::uuid',
      values: ['00000000-0000-4000-8000-000000000001'],
    });
  });

  it('deletes records by id from the quoted typed table, counting what went', () => {
    const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
    const statement = deleteRecordRowsSql('fake-names', ids);
    expect(statement).toEqual({
      text: 'WITH deleted AS (DELETE FROM "navigate_typed"."fake-names" WHERE atlas_record_id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS deleted FROM deleted',
      values: [ids],
    });
    expect(statement.values[0]).not.toBe(ids);
    expect(() => deleteRecordRowsSql('people"; --', ids)).toThrow('dataset id is not a source id');
  });
});
