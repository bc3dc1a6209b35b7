import { encodeCursor } from '@atlas/platform';
import { RunsQuery, SourcesQuery } from './dto/source.dto';
import { RunEntity } from './run.entity';
import { RunRepository } from './run.repository';
import { RunsService } from './runs.service';
import { SourceEntity } from './source.entity';
import { SourceRepository } from './source.repository';
import { SourcesService } from './sources.service';

const TIME_1 = '2026-11-30T10:00:00.000001Z';
const TIME_2 = '2026-11-30T10:00:00.000002Z';
const RUN_1 = '0190b8a4-6666-7000-8000-000000000001';
const RUN_2 = '0190b8a4-6666-7000-8000-000000000002';

const source = (sourceId: string) => Object.assign(new SourceEntity(), { sourceId, type: 'file', config: {}, schedule: null, createdAt: new Date('2026-11-30T10:00:00Z') });
const run = (runId: string) =>
  Object.assign(new RunEntity(), { runId, sourceId: 'people', state: 'succeeded', recordsRead: 1, recordsPublished: 1, recordsDeadLettered: 0, checkpoint: null, error: null, createdAt: new Date('2026-11-30T10:00:00Z'), startedAt: null, endedAt: null });
const query = <Query extends object>(type: new () => Query, values: Partial<Query>): Query => Object.assign(new type(), values);

describe('the sources list', () => {
  const page = jest.fn();
  const service = new SourcesService(undefined as never, undefined as never, { page } as unknown as SourceRepository, undefined as never, undefined as never);
  beforeEach(() => page.mockReset());

  it('pages by creation time and id by default, the cursor holding both', async () => {
    page.mockResolvedValueOnce([
      { source: source('people'), createdAtKey: TIME_1 },
      { source: source('orders'), createdAtKey: TIME_2 },
    ]);
    const first = await service.list(query(SourcesQuery, { limit: 1 }));
    expect(first).toEqual({ items: [{ sourceId: 'people', type: 'file', config: {}, schedule: null, createdAt: '2026-11-30T10:00:00.000Z' }], nextCursor: encodeCursor('sources:createdAt', [TIME_1, 'people']) });
    page.mockResolvedValueOnce([]);
    await service.list(query(SourcesQuery, { limit: 1, cursor: first.nextCursor! }));
    expect(page.mock.calls).toEqual([
      [{ byCreation: true, descending: false }, undefined, 2],
      [{ byCreation: true, descending: false }, [TIME_1, 'people'], 2],
    ]);
  });

  it('pages by id alone for sort=sourceId, and refuses a cursor of another sort before any query', async () => {
    page.mockResolvedValueOnce([{ source: source('orders'), createdAtKey: TIME_2 }]);
    expect(await service.list(query(SourcesQuery, { limit: 5, sort: 'sourceId' }))).toMatchObject({ items: [{ sourceId: 'orders' }], nextCursor: null });
    page.mockResolvedValueOnce([]);
    expect(await service.list(query(SourcesQuery, { limit: 5, sort: '-createdAt', cursor: encodeCursor('sources:-createdAt', [TIME_2, 'orders']) }))).toEqual({ items: [], nextCursor: null });
    expect(page.mock.calls).toEqual([
      [{ byCreation: false, descending: false }, undefined, 6],
      [{ byCreation: true, descending: true }, [TIME_2, 'orders'], 6],
    ]);
    await expect(service.list(query(SourcesQuery, { limit: 5, sort: 'sourceId', cursor: encodeCursor('sources:createdAt', [TIME_1, 'people']) }))).rejects.toMatchObject({ response: { code: 'cursor_invalid' } });
    expect(page).toHaveBeenCalledTimes(2);
  });
});

describe('the runs list', () => {
  const page = jest.fn();
  const service = new RunsService(undefined as never, { page } as unknown as RunRepository, undefined as never);
  beforeEach(() => page.mockReset());

  it("pages newest first by default; a cursor pages only the source it was issued for", async () => {
    page.mockResolvedValueOnce([
      { run: run(RUN_2), createdAtKey: TIME_2 },
      { run: run(RUN_1), createdAtKey: TIME_1 },
    ]);
    const first = await service.list(query(RunsQuery, { limit: 1, sourceId: 'people' }));
    expect(first).toMatchObject({ items: [{ runId: RUN_2 }], nextCursor: encodeCursor('source-runs:-createdAt:people', [TIME_2, RUN_2]) });
    page.mockResolvedValueOnce([{ run: run(RUN_1), createdAtKey: TIME_1 }]);
    expect(await service.list(query(RunsQuery, { limit: 1, sourceId: 'people', cursor: first.nextCursor! }))).toMatchObject({ items: [{ runId: RUN_1 }], nextCursor: null });
    expect(page.mock.calls).toEqual([
      ['people', true, undefined, 2],
      ['people', true, [TIME_2, RUN_2], 2],
    ]);
    await expect(service.list(query(RunsQuery, { limit: 1, sourceId: 'orders', cursor: first.nextCursor! }))).rejects.toMatchObject({ response: { statusCode: 400, code: 'cursor_invalid' } });
    await expect(service.list(query(RunsQuery, { limit: 1, cursor: first.nextCursor! }))).rejects.toMatchObject({ response: { statusCode: 400, code: 'cursor_invalid' } });
    expect(page).toHaveBeenCalledTimes(2);
  });

  it('pages oldest first with sort=createdAt', async () => {
    page.mockResolvedValueOnce([]);
    expect(await service.list(query(RunsQuery, { limit: 10, sort: 'createdAt' }))).toEqual({ items: [], nextCursor: null });
    expect(page).toHaveBeenLastCalledWith(undefined, false, undefined, 11);
  });
});
