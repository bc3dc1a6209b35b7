import { NotFoundException } from '@nestjs/common';
import { encodeCursor } from '@atlas/platform';
import type { HeldReplayView } from '../contracts/held-replay-requests';
import { HeldRecordsController } from './held-records.controller';
import type { HeldCount, HeldReplayRepository } from './held-replay.repository';

const COUNTS: HeldCount[] = ['orders', 'parcels', 'payments'].map((sourceId, index) => ({
  sourceId,
  heldRecords: 10 * (index + 1),
  firstHeldAt: '2026-11-30T07:00:00.000000Z',
  lastHeldAt: '2026-11-30T07:05:00.000000Z',
}));

describe('HeldRecordsController', () => {
  const calls: unknown[][] = [];
  const repository = {
    heldCounts: async (sourceId: string | undefined, after: string | undefined, limit: number) => {
      calls.push([sourceId, after, limit]);
      return COUNTS.filter((count) => (sourceId === undefined || count.sourceId === sourceId) && (after === undefined || count.sourceId > after)).slice(0, limit);
    },
    find: async (replayId: string) => (replayId === 'known' ? ({ replayId: 'known', state: 'running' } as HeldReplayView) : undefined),
  } as unknown as HeldReplayRepository;
  const controller = new HeldRecordsController(repository);

  it('counts held records per source in pages, by source id', async () => {
    const parcels = encodeCursor('held-counts:sourceId', ['parcels']);
    expect(await controller.held({ limit: 2, sort: 'sourceId' })).toEqual({ items: COUNTS.slice(0, 2), nextCursor: parcels });
    expect(await controller.held({ limit: 2, cursor: parcels, sort: 'sourceId' })).toEqual({ items: [COUNTS[2]], nextCursor: null });
    expect(await controller.held({ sourceId: 'orders', limit: 100, sort: 'sourceId' })).toEqual({ items: [COUNTS[0]], nextCursor: null });
    expect(calls).toEqual([
      [undefined, undefined, 3],
      [undefined, 'parcels', 3],
      ['orders', undefined, 101],
    ]);
  });

  it("refuses a cursor it did not issue (a bare source id, as before, or another list's) with 400 cursor_invalid, before any query", async () => {
    calls.length = 0;
    for (const cursor of ['parcels', encodeCursor('held-replays:-requestedAt', ['parcels']), encodeCursor('held-counts:sourceId', ['Not A Source'])]) {
      await expect(controller.held({ limit: 2, cursor, sort: 'sourceId' })).rejects.toMatchObject({ response: { statusCode: 400, code: 'cursor_invalid' } });
    }
    expect(calls).toEqual([]);
  });

  it('pages replays newest first by request time and id', async () => {
    const replays = [
      { replayId: '0190b8a4-6666-7000-8000-000000000003', requestedAt: '2026-11-30T07:00:03.000001Z' },
      { replayId: '0190b8a4-6666-7000-8000-000000000002', requestedAt: '2026-11-30T07:00:02.000001Z' },
    ] as HeldReplayView[];
    const list = jest.fn().mockResolvedValueOnce(replays).mockResolvedValueOnce([]);
    const paging = new HeldRecordsController({ list } as unknown as HeldReplayRepository);
    const first = await paging.list({ limit: 1, sort: '-requestedAt' });
    expect(first).toEqual({ items: [replays[0]], nextCursor: encodeCursor('held-replays:-requestedAt', ['2026-11-30T07:00:03.000001Z', '0190b8a4-6666-7000-8000-000000000003']) });
    expect(await paging.list({ limit: 1, sort: '-requestedAt', sourceId: 'orders', cursor: first.nextCursor! })).toEqual({ items: [], nextCursor: null });
    expect(list.mock.calls).toEqual([
      [undefined, undefined, 2],
      ['orders', { requestedAt: '2026-11-30T07:00:03.000001Z', replayId: '0190b8a4-6666-7000-8000-000000000003' }, 2],
    ]);
  });

  it('serves a replay, or 404 held_replay_not_found', async () => {
    expect(await controller.find({ replayId: 'known' })).toEqual({ replayId: 'known', state: 'running' });
    const refusal = (await controller.find({ replayId: 'unknown' }).catch((error: unknown) => error)) as NotFoundException;
    expect(refusal.getResponse()).toEqual({ statusCode: 404, error: 'Not Found', code: 'held_replay_not_found', message: 'No replay of held records has this id' });
  });
});
