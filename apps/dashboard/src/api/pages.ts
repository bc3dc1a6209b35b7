import type { Page } from './types';

/** The most one page of a list holds (the API's bound). */
export const MAX_PAGE_ITEMS = 500;

/**
 * The items of a list, page after page by `nextCursor`, up to `maxItems`: for the small catalogues a
 * page shows whole (contracts, policies, a source's columns, finding counts). `nextCursor` is set when
 * more were left, so the page can say it shows the first `maxItems`.
 */
export async function readPages<T>(get: (path: string) => Promise<Page<T>>, path: string, parameters: Record<string, string>, maxItems: number): Promise<Page<T>> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ ...parameters, limit: String(Math.min(MAX_PAGE_ITEMS, maxItems - items.length)), ...(cursor ? { cursor } : {}) });
    const page: Page<T> = await get(`${path}?${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && items.length < maxItems);
  return { items, nextCursor: cursor };
}
