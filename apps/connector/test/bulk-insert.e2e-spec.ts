import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { insertIgnoringDuplicates, InsertIgnoringDuplicatesOptions } from '@atlas/database';
import { serviceEnvironment } from '@atlas/testing';

@Entity({ schema: 'bulk_insert_fixture', name: 'documents' })
class DocumentRow {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'jsonb', nullable: true })
  payload: unknown;
}

const idOf = (index: number) => `0192f0c1-7a3b-4c3d-8e4f-${index.toString(16).padStart(12, '0')}`;

/** insertIgnoringDuplicates on PostgreSQL: jsonb columns travel as one JSON array, the others as arrays, zipped in order. */
describe('bulk inserts of jsonb documents on PostgreSQL', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await new DataSource({ type: 'postgres', url: serviceEnvironment().DATABASE_URL, entities: [DocumentRow] }).initialize();
    await dataSource.query('DROP SCHEMA IF EXISTS bulk_insert_fixture CASCADE');
    await dataSource.query('CREATE SCHEMA bulk_insert_fixture');
    await dataSource.query('CREATE TABLE bulk_insert_fixture.documents (id uuid PRIMARY KEY, position integer NOT NULL, payload jsonb)');
  }, 60000);

  afterAll(async () => {
    await dataSource?.query('DROP SCHEMA IF EXISTS bulk_insert_fixture CASCADE');
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE bulk_insert_fixture.documents');
  });

  // Any JSON value is a payload; TypeORM's partial-entity type cannot say so for a column typed unknown.
  const insert = (rows: DocumentRow[], options?: InsertIgnoringDuplicatesOptions) =>
    insertIgnoringDuplicates(dataSource.getRepository(DocumentRow), rows as QueryDeepPartialEntity<DocumentRow>[], options);

  const stored = async () =>
    (await dataSource.query('SELECT id::text AS id, position, payload FROM bulk_insert_fixture.documents ORDER BY position')) as Array<{ id: string; position: number; payload: unknown }>;

  it('stores every kind of JSON value as it was, each beside its own row', async () => {
    const payloads: unknown[] = [
      { name: 'say "hi"', path: 'C:\\temp\\new', lines: 'one\ntwo\tthree', quote: "it's" },
      { unicode: 'Zoë 中文 😀', escaped: '\u001f', nested: { list: [1, 2.5, -3e-7, true, false, null, [], {}] } },
      'a bare "string" with \\ and ,',
      42,
      false,
      [{ a: 1 }, ['x', { b: null }]],
      { '': 'empty key', 'a,b]': '[,]', '}': '{' },
    ];
    const rows = payloads.map((payload, position) => ({ id: idOf(position), position, payload }));
    expect(await insert(rows, { returning: ['position'] })).toHaveLength(payloads.length);
    expect(await stored()).toEqual(rows);
  });

  it('keeps 12,000 rows in order across statements of 10,000, and adds nothing when they come again', async () => {
    const rows = Array.from({ length: 12000 }, (_unused, position) => ({ id: idOf(position), position, payload: { position, text: `row "${position}"` } }));
    expect(await insert(rows, { returning: ['id'] })).toHaveLength(12000);
    const [{ matching }] = (await dataSource.query(
      "SELECT count(*)::int AS matching FROM bulk_insert_fixture.documents WHERE (payload->>'position')::int = position AND payload->>'text' = format('row \"%s\"', position) AND id = ('0192f0c1-7a3b-4c3d-8e4f-' || lpad(to_hex(position), 12, '0'))::uuid",
    )) as Array<{ matching: number }>;
    expect(matching).toBe(12000);
    expect(await insert(rows.slice(0, 3), { returning: ['id'] })).toEqual([]);
  });

  it('stores a NULL as NULL, apart from a JSON null, when a batch holds both', async () => {
    const rows: DocumentRow[] = [
      { id: idOf(1), position: 1, payload: null },
      { id: idOf(2), position: 2, payload: { value: null } },
      { id: idOf(3), position: 3, payload: [null] },
    ];
    await insert(rows);
    const nulls = (await dataSource.query('SELECT position, payload IS NULL AS is_null FROM bulk_insert_fixture.documents ORDER BY position')) as Array<{ position: number; is_null: boolean }>;
    expect(nulls).toEqual([
      { position: 1, is_null: true },
      { position: 2, is_null: false },
      { position: 3, is_null: false },
    ]);
    expect(await stored()).toEqual(rows);
  });
});
