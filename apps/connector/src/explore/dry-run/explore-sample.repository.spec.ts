import { DataSource } from 'typeorm';
import { ExploreSampleRepository, LatestRowHeader, withinByteBudget } from './explore-sample.repository';

const RUN_ID = '0190f6a2-0000-7000-8000-0000000000aa';
const header = (index: number, bytes: number): LatestRowHeader => ({
  recordId: `0190f6a2-0000-7000-8000-00000000000${index}`,
  runId: RUN_ID,
  positionIndex: index,
  sourceLocation: index === 0 ? null : `file:orders.csv:${index + 2}`,
  ingestedAt: new Date('2026-11-30T17:00:00.000Z'),
  exploredAt: new Date(`2026-11-30T17:00:0${index}.000Z`),
  bytes,
});

describe('withinByteBudget', () => {
  it('keeps the newest rows that fit together, and always the newest', () => {
    const rows = [header(3, 40), header(2, 40), header(1, 40)];
    expect(withinByteBudget(rows, 120)).toEqual({ kept: rows, truncated: false });
    expect(withinByteBudget(rows, 119)).toEqual({ kept: rows.slice(0, 2), truncated: true });
    expect(withinByteBudget(rows, 10)).toEqual({ kept: rows.slice(0, 1), truncated: true });
    expect(withinByteBudget([], 10)).toEqual({ kept: [], truncated: false });
  });
});

describe('ExploreSampleRepository', () => {
  it('reads headers newest first, then the kept payloads, and answers them oldest first with their positions', async () => {
    const queries: Array<{ sql: string; parameters: unknown[] }> = [];
    const headers = [header(2, 30), header(1, 30), header(0, 30)].map((row) => ({
      record_id: row.recordId,
      run_id: row.runId,
      position_index: row.positionIndex,
      source_location: row.sourceLocation,
      ingested_at: row.ingestedAt,
      explored_at: row.exploredAt,
      bytes: String(row.bytes),
    }));
    const dataSource = {
      query: jest.fn(async (sql: string, parameters: unknown[]) => {
        queries.push({ sql, parameters });
        if (queries.length === 1) return headers;
        // One of the kept records was erased in between: it is left out.
        return [{ record_id: headers[0].record_id, payload: { order_id: 3 } }, { record_id: headers[1].record_id, payload: { order_id: 2 } }];
      }),
    } as unknown as DataSource;
    const result = await new ExploreSampleRepository(dataSource).latest('orders', 3, 60);
    expect(result).toEqual({
      records: [
        { recordId: headers[1].record_id, runId: RUN_ID, position: { index: 1, location: 'file:orders.csv:3' }, ingestedAt: '2026-11-30T17:00:00.000Z', payload: { order_id: 2 } },
        { recordId: headers[0].record_id, runId: RUN_ID, position: { index: 2, location: 'file:orders.csv:4' }, ingestedAt: '2026-11-30T17:00:00.000Z', payload: { order_id: 3 } },
      ],
      truncated: true,
    });
    expect(queries[0].parameters).toEqual(['orders', 3]);
    expect(queries[1].parameters).toEqual(['orders', [headers[0].record_id, headers[1].record_id], new Date('2026-11-30T17:00:01.000Z')]);
  });

  it('answers in source order when the partitions of a run were stored in another order', async () => {
    const stored = [header(1, 10), header(3, 10), header(0, 10), header(2, 10)];
    const dataSource = {
      query: jest.fn(async (sql: string) =>
        sql.includes('octet_length')
          ? stored.map((row) => ({ record_id: row.recordId, run_id: row.runId, position_index: row.positionIndex, source_location: row.sourceLocation, ingested_at: row.ingestedAt, explored_at: row.exploredAt, bytes: row.bytes }))
          : stored.map((row) => ({ record_id: row.recordId, payload: { index: row.positionIndex } })),
      ),
    } as unknown as DataSource;
    const result = await new ExploreSampleRepository(dataSource).latest('orders', 4, 1000);
    expect(result.records.map((record) => [record.position.index, record.payload])).toEqual([0, 1, 2, 3].map((index) => [index, { index }]));
  });

  it('reads no payload when the source has no Explore records', async () => {
    const dataSource = { query: jest.fn(async () => []) } as unknown as DataSource;
    await expect(new ExploreSampleRepository(dataSource).latest('orders', 5, 1000)).resolves.toEqual({ records: [], truncated: false });
    expect(dataSource.query).toHaveBeenCalledTimes(1);
  });
});
