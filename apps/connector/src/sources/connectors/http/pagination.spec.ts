import { SourceReadError } from '../source-connector';
import { FetchedPage, nextLink, paginationFor } from './pagination';

const BASE = 'https://api.example.com/v1/people?status=active';

function page(recordCount: number, extra: Partial<FetchedPage> = {}): FetchedPage {
  return { body: {}, link: null, recordCount, url: new URL(BASE), ...extra };
}

describe('pagination strategies', () => {
  it('page-number: start page, page size, ends at an empty or short page', () => {
    const strategy = paginationFor({ type: 'page-number', pageParameter: 'page', startPage: 1, pageSizeParameter: 'per_page', pageSize: 50 });
    const first = strategy.first();
    expect(first).toEqual({ page: 1 });
    expect(strategy.request(first, new URL(BASE)).href).toBe('https://api.example.com/v1/people?status=active&page=1&per_page=50');
    expect(strategy.label(first)).toBe('page=1');
    expect(strategy.next(first, page(50))).toEqual({ page: 2 });
    expect(strategy.next({ page: 2 }, page(49))).toBeNull();
    const unsized = paginationFor({ type: 'page-number', pageParameter: 'p', startPage: 0 });
    expect(unsized.first()).toEqual({ page: 0 });
    expect(unsized.next({ page: 0 }, page(3))).toEqual({ page: 1 });
    expect(unsized.next({ page: 1 }, page(0))).toBeNull();
  });

  it('offset: advances by the records read, ends at a page shorter than the limit', () => {
    const strategy = paginationFor({ type: 'offset', offsetParameter: 'offset', limitParameter: 'limit', limit: 100 });
    expect(strategy.request(strategy.first(), new URL(BASE)).search).toBe('?status=active&offset=0&limit=100');
    expect(strategy.next({ offset: 0 }, page(100))).toEqual({ offset: 100 });
    expect(strategy.label({ offset: 100 })).toBe('offset=100');
    expect(strategy.next({ offset: 100 }, page(99))).toBeNull();
  });

  it('cursor: reads the next cursor from the response, ends without one, refuses a loop', () => {
    const strategy = paginationFor({ type: 'cursor', nextCursorPath: '$.meta.next', cursorParameter: 'after' });
    const first = strategy.first();
    expect(strategy.request(first, new URL(BASE)).search).toBe('?status=active');
    expect(strategy.label(first)).toBe('cursor=(first)');
    expect(strategy.next(first, page(10, { body: { meta: { next: 'c2' } } }))).toEqual({ cursor: 'c2' });
    expect(strategy.request({ cursor: 'c2' }, new URL(BASE)).search).toBe('?status=active&after=c2');
    expect(strategy.next({ cursor: 'c2' }, page(10, { body: { meta: { next: 17 } } }))).toEqual({ cursor: '17' });
    for (const next of [null, '', undefined]) expect(strategy.next({ cursor: 'c2' }, page(10, { body: { meta: { next } } }))).toBeNull();
    expect(() => strategy.next({ cursor: 'c2' }, page(10, { body: { meta: { next: 'c2' } } }))).toThrow(
      new SourceReadError('cursor=c2: the API returned the same cursor again (pagination would never end)'),
    );
    expect(() => strategy.next({ cursor: 'c2' }, page(10, { body: { meta: { next: { id: 1 } } } }))).toThrow('cursor=c2: the next cursor at $.meta.next is not a string or a number');
  });

  it('link-header: follows rel="next" on the same origin, without the API key a server echoes', () => {
    const strategy = paginationFor({ type: 'link-header' }, 'api_key');
    const first = strategy.first();
    const link = '<https://api.example.com/v1/people?page=1>; rel="first", <https://api.example.com/v1/people?page=3&api_key=s3cret>; rel="next"';
    expect(strategy.next(first, page(10, { link }))).toEqual({ url: '/v1/people?page=3' });
    expect(strategy.request({ url: '/v1/people?page=3' }, new URL(BASE)).href).toBe('https://api.example.com/v1/people?page=3');
    expect(strategy.label({ url: '/v1/people?page=3' })).toBe('link=/v1/people?page=3');
    expect(strategy.next({ url: '/v1/people?page=3' }, page(10, { link: '</v1/people?page=4>; rel=next' }))).toEqual({ url: '/v1/people?page=4' });
    expect(strategy.next({ url: '/v1/people?page=4' }, page(10, { link: '</v1/people?page=1>; rel="prev"' }))).toBeNull();
    expect(() => strategy.next(first, page(10, { link: '<https://evil.example/steal>; rel="next"' }))).toThrow("link=(first): the Link header's next URL leaves the source's origin (refused)");
    expect(() => strategy.next({ url: '/v1/people?page=4' }, page(10, { link: '</v1/people?page=4>; rel="next"' }))).toThrow('link=/v1/people?page=4: the Link header points at the same page again');
  });

  it('none: one page', () => {
    const strategy = paginationFor(undefined);
    expect(strategy.label(strategy.first())).toBe('page=1');
    expect(strategy.next(strategy.first(), page(1000))).toBeNull();
  });

  it('reads the next link among several relations and parameters', () => {
    expect(nextLink('<a>; rel="prev next"; title="x", <b>; rel="last"')).toBe('a');
    expect(nextLink('<a>; title="next", <b>; rel="last"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});
