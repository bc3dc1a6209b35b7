import { NotFoundException } from '@nestjs/common';
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
    expect(await controller.held({ limit: 2 })).toEqual({ items: COUNTS.slice(0, 2), nextCursor: 'parcels' });
    expect(await controller.held({ limit: 2, cursor: 'parcels' })).toEqual({ items: [COUNTS[2]], nextCursor: null });
    expect(await controller.held({ sourceId: 'orders', limit: 100 })).toEqual({ items: [COUNTS[0]], nextCursor: null });
    expect(calls).toEqual([
      [undefined, undefined, 3],
      [undefined, 'parcels', 3],
      ['orders', undefined, 101],
    ]);
  });

  it('serves a replay, or 404 held_replay_not_found', async () => {
    expect(await controller.find({ replayId: 'known' })).toEqual({ replayId: 'known', state: 'running' });
    const refusal = (await controller.find({ replayId: 'unknown' }).catch((error: unknown) => error)) as NotFoundException;
    expect(refusal.getResponse()).toEqual({ statusCode: 404, error: 'Not Found', code: 'held_replay_not_found', message: 'No replay of held records has this id' });
  });
});
