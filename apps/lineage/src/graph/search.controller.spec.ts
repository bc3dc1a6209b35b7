import { encodeCursor, LineageSearchQuery } from '@atlas/platform';
import { SearchController } from './search.controller';
import type { SearchMatch, SearchRepository } from './search.repository';

const match = (name: string, updatedAtKey: string): SearchMatch => ({ type: 'DATASET', namespace: 'warehouse', name, nodeId: `dataset:warehouse:${name}`, updatedAt: new Date(updatedAtKey), updatedAtKey });

describe('SearchController (Marquez search, by cursor)', () => {
  const search = jest.fn();
  const controller = new SearchController({ search } as unknown as SearchRepository);
  const query = (values: Partial<LineageSearchQuery>) => Object.assign(new LineageSearchQuery(), { q: 'customers', ...values });

  it("answers Marquez's {results, totalCount} with the nextCursor of the sort asked for", async () => {
    search.mockResolvedValueOnce({ matches: [match('a.customers', '2026-11-30T10:00:00.000002Z'), match('b.customers', '2026-11-30T10:00:00.000001Z')], totalCount: 4 });
    const byName = await controller.search(query({ limit: 1 }));
    expect(byName).toEqual({ results: [{ type: 'DATASET', namespace: 'warehouse', name: 'a.customers', nodeId: 'dataset:warehouse:a.customers', updatedAt: new Date('2026-11-30T10:00:00.000Z') }], totalCount: 4, nextCursor: encodeCursor('lineage-search:NAME:["customers",null,null]', ['a.customers', 'warehouse', 'DATASET']) });

    search.mockResolvedValueOnce({ matches: [match('a.customers', '2026-11-30T10:00:00.000002Z'), match('b.customers', '2026-11-30T10:00:00.000001Z')], totalCount: 4 });
    const recent = await controller.search(query({ limit: 1, sort: 'UPDATE_AT' }));
    expect(recent.nextCursor).toBe(encodeCursor('lineage-search:UPDATE_AT:["customers",null,null]', ['2026-11-30T10:00:00.000002Z', 'a.customers', 'warehouse', 'DATASET']));

    search.mockResolvedValueOnce({ matches: [], totalCount: 4 });
    await controller.search(query({ limit: 1, sort: 'UPDATE_AT', cursor: recent.nextCursor! }));
    expect(search).toHaveBeenLastCalledWith(expect.objectContaining({ q: 'customers' }), ['2026-11-30T10:00:00.000002Z', 'a.customers', 'warehouse', 'DATASET'], 2);
  });

  it("refuses another text's or sort's cursor with 400 cursor_invalid before any query", async () => {
    search.mockClear();
    const cursor = encodeCursor('lineage-search:NAME:["customers",null,null]', ['a.customers', 'warehouse', 'DATASET']);
    await expect(controller.search(query({ q: 'orders', cursor }))).rejects.toMatchObject({ status: 400, response: { code: 'cursor_invalid' } });
    await expect(controller.search(query({ sort: 'UPDATE_AT', cursor }))).rejects.toMatchObject({ response: { code: 'cursor_invalid' } });
    expect(search).not.toHaveBeenCalled();
  });
});
