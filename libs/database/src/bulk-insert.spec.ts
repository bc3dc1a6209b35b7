import { createHash } from 'node:crypto';
import { Column, CreateDateColumn, DataSource, Entity, PrimaryColumn, QueryResult } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import {
  boundedIndexText,
  chunkRowsForInsert,
  insertIgnoringDuplicates,
  MAX_INDEXED_TEXT_BYTES,
  MAX_ROWS_PER_UNNEST_STATEMENT,
  POSTGRES_MAX_BIND_PARAMETERS,
} from './bulk-insert';

describe('chunkRowsForInsert', () => {
  it('keeps every statement under 65,535 bind parameters', () => {
    const rows = Array.from({ length: 12000 }, (_value, index) => index);
    const chunks = chunkRowsForInsert(rows, 12);
    // floor(65535 / 12) = 5461 rows of 12 parameters = 65,532 parameters.
    expect(chunks.map((chunk) => chunk.length)).toEqual([5000, 5000, 2000]);
    expect(chunkRowsForInsert(rows, 13).map((chunk) => chunk.length)).toEqual([5000, 5000, 2000]);
    expect(chunkRowsForInsert(rows, 20).map((chunk) => chunk.length)).toEqual([3276, 3276, 3276, 2172]);
    for (const chunk of chunkRowsForInsert(rows, 20)) expect(chunk.length * 20).toBeLessThanOrEqual(POSTGRES_MAX_BIND_PARAMETERS);
    expect(chunkRowsForInsert(rows, 20).flat()).toEqual(rows);
  });

  it('puts one row per statement when a row alone is wide, and returns nothing for no rows', () => {
    expect(chunkRowsForInsert([1, 2], 70000)).toEqual([[1], [2]]);
    expect(chunkRowsForInsert([], 5)).toEqual([]);
  });

  it('refuses a parameter count that is not a positive integer', () => {
    expect(() => chunkRowsForInsert([1], 0)).toThrow('parametersPerRow must be a positive integer');
  });
});

@Entity({ schema: 'fixture', name: 'findings' })
class FindingFixture {
  @PrimaryColumn({ name: 'record_id', type: 'uuid' })
  recordId: string;

  @PrimaryColumn({ name: 'start_offset', type: 'integer' })
  startOffset: number;

  @Column({ type: 'char', length: 64 })
  checksum: string;

  @Column({ type: 'real' })
  score: number;

  @Column({ type: 'jsonb', nullable: true })
  payload: object | null;

  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;

  @CreateDateColumn({ name: 'written_at', type: 'timestamptz' })
  writtenAt: Date;
}

@Entity({ schema: 'fixture', name: 'labelled' })
class EnumFixture {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'enum', enum: ['a', 'b'] })
  label: 'a' | 'b';
}

/** Real TypeORM metadata for the fixtures (no connection); `query` and the builder record what they are sent. */
async function fixtureRepositories() {
  const dataSource = new DataSource({ type: 'postgres', entities: [FindingFixture, EnumFixture] });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  const queries: Array<{ sql: string; parameters: unknown[] }> = [];
  let answer: unknown[] = [];
  // Both the unnest statements and TypeORM's builder end in a query runner's query.
  jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(async (sql: string, parameters?: unknown[], structured?: boolean) => {
    queries.push({ sql, parameters: parameters ?? [] });
    return structured ? Object.assign(new QueryResult(), { raw: answer, records: answer }) : answer;
  });
  return {
    findings: dataSource.getRepository(FindingFixture),
    labelled: dataSource.getRepository(EnumFixture),
    queries,
    answerWith: (rows: unknown[]) => void (answer = rows),
  };
}

const RECORD_A = '3f1c2b4a-0000-4000-8000-00000000000a';
const RECORD_B = '3f1c2b4a-0000-4000-8000-00000000000b';

describe('insertIgnoringDuplicates', () => {
  afterEach(() => jest.restoreAllMocks());

  it('sends each column as one array parameter of its type, values prepared as TypeORM would, in one statement', async () => {
    const { findings, queries } = await fixtureRepositories();
    const detectedAt = new Date('2026-11-30T10:00:00.000Z');
    await insertIgnoringDuplicates(findings, [
      { recordId: RECORD_A, startOffset: 0, checksum: 'c'.repeat(64), score: 0.85, payload: { name: 'say "hi"' }, detectedAt },
      { recordId: RECORD_B, startOffset: 7, checksum: 'd'.repeat(64), score: 1, payload: null, detectedAt },
    ]);
    expect(queries).toEqual([
      {
        sql:
          'INSERT INTO "fixture"."findings" ("record_id", "start_offset", "checksum", "score", "payload", "detected_at") ' +
          'SELECT * FROM ROWS FROM (unnest($1::uuid[]), unnest($2::integer[]), unnest($3::text[]), unnest($4::real[]), unnest($5::jsonb[]), unnest($6::timestamptz[])) ON CONFLICT DO NOTHING',
        // A NULL among the jsonb values keeps the array: in a JSON array it would be a JSON null.
        parameters: [[RECORD_A, RECORD_B], [0, 7], ['c'.repeat(64), 'd'.repeat(64)], [0.85, 1], ['{"name":"say \\"hi\\""}', null], [detectedAt, detectedAt]],
      },
    ]);
  });

  it('sends a jsonb column whose values are all set as one JSON array document, unescaped, in row order', async () => {
    const { findings, queries } = await fixtureRepositories();
    const detectedAt = new Date('2026-11-30T10:00:00.000Z');
    await insertIgnoringDuplicates(findings, [
      { recordId: RECORD_A, startOffset: 0, checksum: 'c', score: 0.85, payload: { name: 'say "hi"', tags: ['a\\b'] }, detectedAt },
      { recordId: RECORD_B, startOffset: 7, checksum: 'd', score: 1, payload: [1, null], detectedAt },
    ]);
    expect(queries[0].sql).toBe(
      'INSERT INTO "fixture"."findings" ("record_id", "start_offset", "checksum", "score", "payload", "detected_at") ' +
        'SELECT * FROM ROWS FROM (unnest($1::uuid[]), unnest($2::integer[]), unnest($3::text[]), unnest($4::real[]), jsonb_array_elements($5::jsonb), unnest($6::timestamptz[])) ON CONFLICT DO NOTHING',
    );
    expect(queries[0].parameters[4]).toBe('[{"name":"say \\"hi\\"","tags":["a\\\\b"]},[1,null]]');
    expect(JSON.parse(queries[0].parameters[4] as string)).toEqual([{ name: 'say "hi"', tags: ['a\\b'] }, [1, null]]);
  });

  it('gives a column left undefined its DEFAULT: rows setting different columns go in separate statements', async () => {
    const { findings, queries } = await fixtureRepositories();
    const detectedAt = new Date('2026-11-30T10:00:00.000Z');
    const writtenAt = new Date('2026-11-30T11:00:00.000Z');
    const base = { checksum: 'c'.repeat(64), score: 0.5, payload: null, detectedAt };
    await insertIgnoringDuplicates(findings, [
      { recordId: RECORD_A, startOffset: 0, ...base },
      { recordId: RECORD_B, startOffset: 1, ...base, writtenAt },
      { recordId: RECORD_B, startOffset: 2, ...base },
    ]);
    expect(queries.map((query) => [query.sql.slice(0, query.sql.indexOf(' SELECT')), query.parameters[0]])).toEqual([
      ['INSERT INTO "fixture"."findings" ("record_id", "start_offset", "checksum", "score", "payload", "detected_at")', [RECORD_A, RECORD_B]],
      ['INSERT INTO "fixture"."findings" ("record_id", "start_offset", "checksum", "score", "payload", "detected_at", "written_at")', [RECORD_B]],
    ]);
    expect(queries[1].parameters[6]).toEqual([writtenAt]);
  });

  it('splits more than 10,000 rows into statements of 10,000, in order', async () => {
    const { findings, queries } = await fixtureRepositories();
    const detectedAt = new Date('2026-11-30T10:00:00.000Z');
    const rows = Array.from({ length: MAX_ROWS_PER_UNNEST_STATEMENT + 2500 }, (_value, index) => ({ recordId: RECORD_A, startOffset: index, checksum: 'c', score: 0, payload: null, detectedAt }));
    await insertIgnoringDuplicates(findings, rows);
    expect(queries.map((query) => (query.parameters[1] as number[]).length)).toEqual([10000, 2500]);
    expect(queries.flatMap((query) => query.parameters[1] as number[])).toEqual(rows.map((row) => row.startOffset));
  });

  it('returns the rows the statements report as inserted when asked for columns', async () => {
    const { findings, queries, answerWith } = await fixtureRepositories();
    answerWith([{ record_id: RECORD_B }]);
    const detectedAt = new Date('2026-11-30T10:00:00.000Z');
    const inserted = await insertIgnoringDuplicates(findings, [{ recordId: RECORD_B, startOffset: 0, checksum: 'c', score: 0, payload: null, detectedAt }], { returning: ['record_id'] });
    expect(inserted).toEqual([{ record_id: RECORD_B }]);
    expect(queries[0].sql.endsWith(' ON CONFLICT DO NOTHING RETURNING "record_id"')).toBe(true);
  });

  it('sends no statement for no rows', async () => {
    const { findings, queries } = await fixtureRepositories();
    expect(await insertIgnoringDuplicates(findings, [])).toEqual([]);
    expect(queries).toEqual([]);
  });

  it("keeps TypeORM's builder for a table with a column type it does not send as an array (an enum)", async () => {
    const { labelled, queries } = await fixtureRepositories();
    await insertIgnoringDuplicates(labelled, [{ id: 'x', label: 'a' }, { id: 'y', label: 'b' }]);
    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toBe('INSERT INTO "fixture"."labelled"("id", "label") VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING');
    expect(queries[0].parameters).toEqual(['x', 'a', 'y', 'b']);
  });
});

describe('boundedIndexText', () => {
  it('keeps a text that fits as it is', () => {
    expect(boundedIndexText('contact.email')).toBe('contact.email');
    const exact = 'x'.repeat(MAX_INDEXED_TEXT_BYTES);
    expect(boundedIndexText(exact)).toBe(exact);
  });

  it('cuts a long text to the byte bound and appends a hash of the whole value', () => {
    const long = `${'k'.repeat(3000)}.email`;
    const bounded = boundedIndexText(long);
    const hash = createHash('sha256').update(long).digest('hex').slice(0, 16);
    expect(bounded).toBe(`${'k'.repeat(MAX_INDEXED_TEXT_BYTES - Buffer.byteLength(`…#${hash}`))}…#${hash}`);
    expect(Buffer.byteLength(bounded)).toBe(MAX_INDEXED_TEXT_BYTES);
  });

  it('keeps two long texts with the same start apart, and maps the same text to the same bound', () => {
    const first = `${'p'.repeat(2000)}a`;
    const second = `${'p'.repeat(2000)}b`;
    expect(boundedIndexText(first)).not.toBe(boundedIndexText(second));
    expect(boundedIndexText(first)).toBe(boundedIndexText(first));
  });

  it('counts UTF-8 bytes and never cuts a character in half', () => {
    const bounded = boundedIndexText('€'.repeat(500), 100);
    // 3 bytes per euro sign; the suffix takes 3 + 1 + 16 = 20 bytes, leaving room for 26 signs (78 bytes).
    expect(bounded.startsWith('€'.repeat(26))).toBe(true);
    expect(bounded.slice(26, 28)).toBe('…#');
    expect(Buffer.byteLength(bounded)).toBe(98);
  });
});
