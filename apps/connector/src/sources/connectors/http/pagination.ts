import { SourceReadError } from '../source-connector';
import { HttpPagination } from './http-api-config';
import { parseJsonPath, valueAtPath } from './json-path';

/** Where a page is; stored in checkpoints, so a resumed read asks for the same page again. */
export type PagePosition = { page: number } | { offset: number } | { cursor: string | null } | { url: string | null } | { single: true };

/** What a strategy sees of a fetched page to find the next one. */
export interface FetchedPage {
  body: unknown;
  /** The response's Link header (RFC 8288), if any. */
  link: string | null;
  recordCount: number;
  /** The URL the page was fetched from (relative links resolve against it). */
  url: URL;
}

/** One pagination style: the first page, how a page is requested, and the page after a fetched one (null: the last). */
export interface PaginationStrategy {
  first(): PagePosition;
  /** Adds the page's parameters to `url` (the base request), or replaces it (link-header). */
  request(position: PagePosition, url: URL): URL;
  /** The page's name in locations and errors (`page=3`, `offset=200`, `cursor=abc`). */
  label(position: PagePosition): string;
  next(position: PagePosition, page: FetchedPage): PagePosition | null;
}

class SinglePage implements PaginationStrategy {
  first(): PagePosition {
    return { single: true };
  }
  request(_position: PagePosition, url: URL): URL {
    return url;
  }
  label(): string {
    return 'page=1';
  }
  next(): null {
    return null;
  }
}

/** `?page=N` from startPage; ends at an empty page, or a short one when the page size is known. */
class PageNumberPagination implements PaginationStrategy {
  constructor(private readonly config: Extract<HttpPagination, { type: 'page-number' }>) {}
  first(): PagePosition {
    return { page: this.config.startPage ?? 1 };
  }
  request(position: PagePosition, url: URL): URL {
    url.searchParams.set(this.config.pageParameter, String((position as { page: number }).page));
    if (this.config.pageSizeParameter && this.config.pageSize) url.searchParams.set(this.config.pageSizeParameter, String(this.config.pageSize));
    return url;
  }
  label(position: PagePosition): string {
    return `page=${(position as { page: number }).page}`;
  }
  next(position: PagePosition, page: FetchedPage): PagePosition | null {
    if (page.recordCount === 0 || (this.config.pageSize !== undefined && page.recordCount < this.config.pageSize)) return null;
    return { page: (position as { page: number }).page + 1 };
  }
}

/** `?offset=N&limit=L`; ends at a page shorter than the limit. */
class OffsetPagination implements PaginationStrategy {
  constructor(private readonly config: Extract<HttpPagination, { type: 'offset' }>) {}
  first(): PagePosition {
    return { offset: 0 };
  }
  request(position: PagePosition, url: URL): URL {
    url.searchParams.set(this.config.offsetParameter, String((position as { offset: number }).offset));
    url.searchParams.set(this.config.limitParameter, String(this.config.limit));
    return url;
  }
  label(position: PagePosition): string {
    return `offset=${(position as { offset: number }).offset}`;
  }
  next(position: PagePosition, page: FetchedPage): PagePosition | null {
    if (page.recordCount < this.config.limit) return null;
    return { offset: (position as { offset: number }).offset + page.recordCount };
  }
}

/** The next page's cursor is read from each response (`$.meta.next`) and sent as a parameter; ends when it is absent, null or "". */
class CursorPagination implements PaginationStrategy {
  private readonly path;
  constructor(private readonly config: Extract<HttpPagination, { type: 'cursor' }>) {
    this.path = parseJsonPath(config.nextCursorPath);
  }
  first(): PagePosition {
    return { cursor: null };
  }
  request(position: PagePosition, url: URL): URL {
    const { cursor } = position as { cursor: string | null };
    if (cursor !== null) url.searchParams.set(this.config.cursorParameter, cursor);
    return url;
  }
  label(position: PagePosition): string {
    const { cursor } = position as { cursor: string | null };
    return cursor === null ? 'cursor=(first)' : `cursor=${cursor}`;
  }
  next(position: PagePosition, page: FetchedPage): PagePosition | null {
    const value = valueAtPath(page.body, this.path);
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new SourceReadError(`${this.label(position)}: the next cursor at ${this.config.nextCursorPath} is not a string or a number`);
    }
    const cursor = String(value);
    if (cursor === (position as { cursor: string | null }).cursor) {
      throw new SourceReadError(`${this.label(position)}: the API returned the same cursor again (pagination would never end)`);
    }
    return { cursor };
  }
}

/**
 * The URL of the `rel="next"` link (RFC 8288, GitHub-style), kept as path and query of the
 * source's own origin: a link to another origin is refused (credentials never leave it).
 */
class LinkHeaderPagination implements PaginationStrategy {
  constructor(private readonly stripParameter: string | undefined) {}
  first(): PagePosition {
    return { url: null };
  }
  request(position: PagePosition, url: URL): URL {
    const next = (position as { url: string | null }).url;
    return next === null ? url : new URL(next, url.origin);
  }
  label(position: PagePosition): string {
    const next = (position as { url: string | null }).url;
    return next === null ? 'link=(first)' : `link=${next}`;
  }
  next(position: PagePosition, page: FetchedPage): PagePosition | null {
    const target = nextLink(page.link);
    if (target === undefined) return null;
    let resolved: URL;
    try {
      resolved = new URL(target, page.url);
    } catch {
      throw new SourceReadError(`${this.label(position)}: the Link header's next URL is not a URL`);
    }
    if (resolved.origin !== page.url.origin) throw new SourceReadError(`${this.label(position)}: the Link header's next URL leaves the source's origin (refused)`);
    // A server echoing the API key in its links: the key is added again to each request, never stored.
    if (this.stripParameter) resolved.searchParams.delete(this.stripParameter);
    const url = `${resolved.pathname}${resolved.search}`;
    if (url === (position as { url: string | null }).url) throw new SourceReadError(`${this.label(position)}: the Link header points at the same page again (pagination would never end)`);
    return { url };
  }
}

/** The target of the first `rel="next"` link of a Link header (rel may list several types). */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const relation = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(match[2]);
    const types = (relation?.[1] ?? relation?.[2] ?? '').toLowerCase().split(/\s+/);
    if (types.includes('next')) return match[1];
  }
  return undefined;
}

/** The strategies by `pagination.type`; `queryKeyParameter` is an API key sent in the query (never kept in a next link). */
export function paginationFor(pagination: HttpPagination | undefined, queryKeyParameter?: string): PaginationStrategy {
  switch (pagination?.type ?? 'none') {
    case 'page-number':
      return new PageNumberPagination(pagination as Extract<HttpPagination, { type: 'page-number' }>);
    case 'offset':
      return new OffsetPagination(pagination as Extract<HttpPagination, { type: 'offset' }>);
    case 'cursor':
      return new CursorPagination(pagination as Extract<HttpPagination, { type: 'cursor' }>);
    case 'link-header':
      return new LinkHeaderPagination(queryKeyParameter);
    default:
      return new SinglePage();
  }
}
