import { createHash } from 'node:crypto';
import { Repository } from 'typeorm';
import { boundedIndexText, chunkRowsForInsert, insertIgnoringDuplicates, MAX_INDEXED_TEXT_BYTES, POSTGRES_MAX_BIND_PARAMETERS } from './bulk-insert';

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

describe('insertIgnoringDuplicates', () => {
  function fakeRepository(columns: number): { repository: Repository<{ id: number }>; statements: number[][] } {
    const statements: number[][] = [];
    const builder = {
      insert: () => builder,
      into: () => builder,
      values: (rows: Array<{ id: number }>) => {
        statements.push(rows.map((row) => row.id));
        return builder;
      },
      orIgnore: () => builder,
      execute: async () => undefined,
    };
    const repository = { metadata: { columns: new Array(columns).fill({}) }, target: 'table', createQueryBuilder: () => builder };
    return { repository: repository as unknown as Repository<{ id: number }>, statements };
  }

  it('inserts 6,000 rows of 12 columns in two statements, each under the bind limit, in order', async () => {
    const { repository, statements } = fakeRepository(12);
    await insertIgnoringDuplicates(repository, Array.from({ length: 6000 }, (_value, id) => ({ id })));
    expect(statements.map((statement) => statement.length)).toEqual([5000, 1000]);
    expect(statements.flat()).toEqual(Array.from({ length: 6000 }, (_value, id) => id));
  });

  it('sends no statement for no rows', async () => {
    const { repository, statements } = fakeRepository(12);
    await insertIgnoringDuplicates(repository, []);
    expect(statements).toEqual([]);
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
