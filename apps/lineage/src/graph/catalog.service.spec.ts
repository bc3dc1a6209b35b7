import { encodeCursor, LineageNamesQuery, LineageRunsQuery } from '@atlas/platform';
import type { CatalogRepository, RunSummary } from './catalog.repository';
import { CatalogService } from './catalog.service';
import { jobIdOf, namespaceIdOf } from './graph-ids';

const RUN_A = '0190b8a4-0000-7000-8000-00000000000a';
const RUN_B = '0190b8a4-0000-7000-8000-00000000000b';

function run(id: string, createdAtKey: string): RunSummary {
  return { id, state: 'COMPLETED', createdAt: new Date(createdAtKey), createdAtKey, startedAt: null, endedAt: null, parentRunId: null, inputs: [], outputs: [] };
}

describe('CatalogService (Marquez-compatible listings by cursor)', () => {
  const namespaces = jest.fn();
  const runs = jest.fn();
  const service = new CatalogService({ namespaces, runs } as unknown as CatalogRepository);
  const names = (values: Partial<LineageNamesQuery>) => Object.assign(new LineageNamesQuery(), values);

  it("keeps Marquez's names and totalCount, reads one more than the page and hands out the last name served", async () => {
    const now = new Date('2026-11-30T10:00:00Z');
    namespaces.mockResolvedValueOnce({ items: ['airflow', 'kafka://broker:9092'].map((name) => ({ name, createdAt: now, updatedAt: now })), totalCount: 5 });
    const page = await service.namespaces(names({ limit: 1 }));
    expect(namespaces).toHaveBeenLastCalledWith({ after: undefined, limit: 2 });
    expect(page).toEqual({ namespaces: [{ name: 'airflow', createdAt: now, updatedAt: now }], totalCount: 5, nextCursor: encodeCursor('lineage-namespaces:name', ['airflow']) });

    namespaces.mockResolvedValueOnce({ items: [], totalCount: 5 });
    await service.namespaces(names({ limit: 1, cursor: page.nextCursor! }));
    expect(namespaces).toHaveBeenLastCalledWith({ after: 'airflow', limit: 2 });
  });

  it("pages a job's runs newest first by their microsecond time and id, without the key in the items, and refuses another job's cursor", async () => {
    runs.mockResolvedValueOnce({ items: [run(RUN_B, '2026-11-30T10:00:00.000002Z'), run(RUN_A, '2026-11-30T10:00:00.000001Z')], totalCount: 2 });
    const page = await service.runs('airflow', 'load', Object.assign(new LineageRunsQuery(), { limit: 1 }));
    expect(runs).toHaveBeenLastCalledWith(jobIdOf('airflow', 'load'), { after: undefined, limit: 2 });
    expect(page.runs).toEqual([{ id: RUN_B, state: 'COMPLETED', createdAt: new Date('2026-11-30T10:00:00.000Z'), startedAt: null, endedAt: null, parentRunId: null, inputs: [], outputs: [] }]);
    expect(page.nextCursor).toBe(encodeCursor(`lineage-runs:-createdAt:${jobIdOf('airflow', 'load')}`, ['2026-11-30T10:00:00.000002Z', RUN_B]));

    runs.mockClear();
    await expect(service.runs('airflow', 'other', Object.assign(new LineageRunsQuery(), { cursor: page.nextCursor! }))).rejects.toMatchObject({ status: 400, response: { code: 'cursor_invalid' } });
    await expect(service.datasets('airflow', names({ cursor: encodeCursor(`lineage-datasets:name:${namespaceIdOf('other')}`, ['x']) }))).rejects.toMatchObject({ response: { code: 'cursor_invalid' } });
    expect(runs).not.toHaveBeenCalled();
  });
});
