import { readPages } from './pages';
import type { Page } from './types';

/** A list of `total` numbers served in pages, the cursor being the next index. */
function listOf(total: number) {
  const paths: string[] = [];
  const get = async (path: string): Promise<Page<number>> => {
    paths.push(path);
    const query = new URL(path, 'http://gateway').searchParams;
    const start = Number(query.get('cursor') ?? 0);
    const end = Math.min(total, start + Number(query.get('limit')));
    return { items: Array.from({ length: end - start }, (_, index) => start + index), nextCursor: end < total ? String(end) : null };
  };
  return { paths, get };
}

describe('readPages', () => {
  it('follows nextCursor to the last page, 500 at a time, keeping the parameters', async () => {
    const list = listOf(1200);
    const page = await readPages(list.get, '/api/v1/policies', { sort: 'policyId' }, 5000);
    expect(page.items).toHaveLength(1200);
    expect(page.items[1199]).toBe(1199);
    expect(page.nextCursor).toBeNull();
    expect(list.paths).toEqual(['/api/v1/policies?sort=policyId&limit=500', '/api/v1/policies?sort=policyId&limit=500&cursor=500', '/api/v1/policies?sort=policyId&limit=500&cursor=1000']);
  });

  it('stops at maxItems and says more were left', async () => {
    const list = listOf(1200);
    expect(await readPages(list.get, '/api/v1/contracts', {}, 700)).toEqual({ items: Array.from({ length: 700 }, (_, index) => index), nextCursor: '700' });
    expect(list.paths).toEqual(['/api/v1/contracts?limit=500', '/api/v1/contracts?limit=200&cursor=500']);
  });
});
