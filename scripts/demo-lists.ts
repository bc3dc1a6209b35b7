import { ClientOptions } from './pipeline-client';

interface RunPage {
  items: Array<{ runId: string; sourceId: string; state: string; createdAt: string }>;
  nextCursor: string | null;
}

/** Every list pages the same way: ?limit, ?sort from its allow-list, ?cursor = the previous nextCursor; {items, nextCursor}. */
export async function showCursorPages(options: ClientOptions): Promise<void> {
  const get = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${options.gatewayUrl}${path}`, { headers: { authorization: `Bearer ${options.apiKey}` } });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  };
  console.log('\nOne way to page every list (GET /api/v1/source-runs here; users, keys, audit, sources, datasets, quarantine alike):');
  const first = await get('/api/v1/source-runs?limit=2');
  const page = first.body as unknown as RunPage;
  if (first.status !== 200) {
    console.log(`  GET /api/v1/source-runs?limit=2 answered ${first.status}`);
    return;
  }
  console.log(`  ?limit=2 (newest first, sort=-createdAt by default) → ${page.items.map((run) => `${run.sourceId} ${run.state} ${run.createdAt}`).join('; ') || 'no runs'}; nextCursor ${page.nextCursor ? 'given' : 'null (last page)'}`);
  if (page.nextCursor) {
    const next = (await get(`/api/v1/source-runs?limit=2&cursor=${page.nextCursor}`)).body as unknown as RunPage;
    console.log(`  ?cursor=<nextCursor> → ${next.items.map((run) => `${run.sourceId} ${run.state} ${run.createdAt}`).join('; ')}; nextCursor ${next.nextCursor ? 'given' : 'null (last page)'}`);
    const otherSort = await get(`/api/v1/source-runs?limit=2&sort=createdAt&cursor=${page.nextCursor}`);
    console.log(`  the same cursor with sort=createdAt → ${otherSort.status} ${String(otherSort.body.code)} (a cursor pages only the list and sort that issued it)`);
  }
  const tooMany = await get('/api/v1/source-runs?limit=501');
  console.log(`  ?limit=501 → ${tooMany.status} ${String(tooMany.body.code)} (1-500, default 50)`);
}
