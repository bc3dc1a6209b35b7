import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decodeCursor, encodeCursor } from './cursor-codec';
import { cursorPageOf, CursorPageQuery, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, SortQuery, sortDirection } from './cursor-page';

class RunsQuery extends CursorPageQuery {
  @SortQuery(['-createdAt', 'createdAt'])
  sort: '-createdAt' | 'createdAt' = '-createdAt';
}

function parse(query: Record<string, unknown>): { value: RunsQuery; problems: string[] } {
  const value = plainToInstance(RunsQuery, query);
  return { value, problems: validateSync(value).flatMap((error) => Object.values(error.constraints ?? {})) };
}

describe('the page query', () => {
  it('defaults to 50 items in the first sort, and accepts 1-500 and an allowed sort', () => {
    expect([DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT]).toEqual([50, 500]);
    expect(parse({})).toEqual({ value: Object.assign(new RunsQuery(), { limit: 50, sort: '-createdAt' }), problems: [] });
    expect(parse({ limit: '500', sort: 'createdAt', cursor: 'WzEsImEiXQ' }).value).toMatchObject({ limit: 500, sort: 'createdAt', cursor: 'WzEsImEiXQ' });
    expect(parse({ limit: '1' }).problems).toEqual([]);
  });

  it('names each problem without quoting the value', () => {
    expect(parse({ limit: '0' }).problems).toEqual(['limit must be 1-500']);
    expect(parse({ limit: '501' }).problems).toEqual(['limit must be 1-500']);
    expect(parse({ limit: '2.5' }).problems).toEqual(['limit must be a whole number']);
    expect(parse({ sort: 'name' }).problems).toEqual(['sort must be one of the orders this list allows (the enum of sort in the OpenAPI document)']);
    expect(parse({ cursor: 'has spaces' }).problems).toEqual(['cursor is not one this list returned (pass nextCursor unchanged)']);
    expect(parse({ cursor: 'A'.repeat(8193) }).problems).toEqual(['cursor is not one this list returned (pass nextCursor unchanged)']);
  });

  it('reads a sort as a field and a direction', () => {
    expect(sortDirection('-createdAt')).toEqual({ field: 'createdAt', descending: true });
    expect(sortDirection('sourceId')).toEqual({ field: 'sourceId', descending: false });
  });
});

describe('cursor pages', () => {
  const rows = [{ id: '5' }, { id: '4' }, { id: '3' }];

  it('says there is a next page only when the extra row came back, naming the last row served', () => {
    expect(cursorPageOf(rows, 2, 'ids:-id', (row) => [row.id], (row) => Number(row.id))).toEqual({ items: [5, 4], nextCursor: encodeCursor('ids:-id', ['4']) });
    expect(decodeCursor(cursorPageOf(rows, 2, 'ids:-id', (row) => [row.id], (row) => row).nextCursor!, 'ids:-id', () => true)).toEqual(['4']);
    expect(cursorPageOf(rows, 3, 'ids:-id', (row) => [row.id], (row) => Number(row.id))).toEqual({ items: [5, 4, 3], nextCursor: null });
    expect(cursorPageOf([], 3, 'ids:-id', (row: { id: string }) => [row.id], (row) => row)).toEqual({ items: [], nextCursor: null });
  });
});
