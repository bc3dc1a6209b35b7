import { NotFoundException } from '@nestjs/common';
import type { CheckResultRow, ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';
import { AnomalyPointsQuery, CheckResultsQuery, encodeCursor } from '@atlas/platform';

const RUN_A = '00000000-0000-4000-8000-00000000000a';
const RUN_B = '00000000-0000-4000-8000-00000000000b';

function row(runId: string, checkId: string, values: Partial<CheckResultRow>): CheckResultRow & { runJudgedAt: string } {
  return {
    runId,
    sourceId: 'orders',
    contractId: 'orders-contract',
    contractVersion: '1.0.0',
    checkId,
    checkName: checkId,
    checkType: 'not_null',
    field: 'amount',
    level: 'fail',
    dimension: 'completeness',
    rowsTested: 10,
    rowsFailed: 0,
    rowsNotEvaluated: 0,
    sampleFailingRecordIds: [],
    threshold: null,
    unit: 'rows',
    windowsEvaluated: 0,
    windowsWarned: 0,
    windowsFailed: 0,
    closedWindows: { rows: 0, notEvaluated: 0, missing: 0, invalid: 0, valueCount: 0, valueSum: 0, valueMin: null, valueMax: null, valueM2: 0, sketch: null, maxIngestedMs: null },
    lastAnomaly: null,
    firstEvaluatedAt: '2026-11-29T23:00:00.000000Z',
    lastEvaluatedAt: '2026-11-29T23:00:01.000000Z',
    runJudgedAt: runId === RUN_B ? '2026-11-29T23:10:00.000000Z' : '2026-11-29T23:00:00.000000Z',
    ...values,
  };
}

describe('ResultsService', () => {
  const checksOfRecentRuns = jest.fn();
  const runsOf = jest.fn();
  const checksOfRun = jest.fn();
  const history = jest.fn();
  const anomalies = jest.fn();
  const service = new ResultsService({ checksOfRecentRuns, runsOf, checksOfRun, history, anomalies } as unknown as ResultsRepository);

  describe('the history of check results', () => {
    const query = (values: Partial<CheckResultsQuery>) => Object.assign(new CheckResultsQuery(), { sourceId: 'orders', ...values });
    const scope = 'check-results:-lastEvaluatedAt:orders:';

    it('is read with one more row than the page, and its cursor holds the last result served, to the microsecond', async () => {
      history.mockResolvedValueOnce([row(RUN_B, 'amount-set', { lastEvaluatedAt: '2026-11-29T23:10:00.000001Z' }), row(RUN_A, 'amount-set', {})]);
      const page = await service.history(query({ limit: 1 }));
      expect(history).toHaveBeenLastCalledWith('orders', undefined, undefined, 2);
      expect(page.items.map((item) => [item.runId, item.checkId, item.lastEvaluatedAt])).toEqual([[RUN_B, 'amount-set', '2026-11-29T23:10:00.000001Z']]);
      expect(page.nextCursor).toBe(encodeCursor(scope, ['2026-11-29T23:10:00.000001Z', RUN_B, 'orders-contract', '1.0.0', 'amount-set']));

      history.mockResolvedValueOnce([row(RUN_A, 'amount-set', {})]);
      expect((await service.history(query({ limit: 1, cursor: page.nextCursor! }))).nextCursor).toBeNull();
      expect(history).toHaveBeenLastCalledWith('orders', undefined, ['2026-11-29T23:10:00.000001Z', RUN_B, 'orders-contract', '1.0.0', 'amount-set'], 2);
    });

    it("refuses another source's or check's cursor, or a forged key, with 400 cursor_invalid before any query", async () => {
      history.mockClear();
      const key = ['2026-11-29T23:10:00.000001Z', RUN_B, 'orders-contract', '1.0.0', 'amount-set'];
      for (const [cursor, values] of [
        [encodeCursor('check-results:-lastEvaluatedAt:shop:', key), {}],
        [encodeCursor(scope, key), { checkId: 'amount-set' }],
        [encodeCursor(scope, ['2026-11-29T23:10:00Z', RUN_B, 'orders-contract', '1.0.0', 'amount-set']), {}],
        [encodeCursor(scope, [key[0], 'not-a-run', 'orders-contract', '1.0.0', 'amount-set']), {}],
      ] as const) {
        await expect(service.history(query({ cursor, ...values }))).rejects.toMatchObject({ status: 400, response: { code: 'cursor_invalid' } });
      }
      expect(history).not.toHaveBeenCalled();
    });
  });

  describe('the anomaly points', () => {
    it('page by the latest ingestion, the key holding whole milliseconds and the window start', async () => {
      const anomaly = { at: '2026-11-29T23:00:00.000Z', windowStart: 0, value: 5, expected: 10, lower: 8, upper: 12, score: 4, anomalous: true, evaluated: true, historyPoints: 7, seasonalPoints: 1 };
      const point = { runId: RUN_A, contractId: 'c', contractVersion: '1', checkId: 'volume', metric: 'row_count', quantile: null, windowKind: 'run', windowStart: 0, windowEnd: 1, outcome: 'fail', anomaly, maxIngestedMs: 1764457200000, segment: '"DHL"', scope: { groupBy: 'carrier' } };
      anomalies.mockResolvedValueOnce([point, { ...point, runId: RUN_B }]);
      const query = Object.assign(new AnomalyPointsQuery(), { sourceId: 'orders', limit: 1 });
      const page = await service.anomalies(query);
      expect(anomalies).toHaveBeenLastCalledWith('orders', undefined, false, undefined, 2);
      expect(page.items.map((item) => [item.runId, item.value, item.segment])).toEqual([[RUN_A, 5, { field: 'carrier', value: 'DHL' }]]);
      expect(page.nextCursor).toBe(encodeCursor('anomaly-points:-at:orders::false', [1764457200000, RUN_A, 'c', '1', 'volume', 0, '"DHL"']));
      // The segment is part of the key: the next page starts after this segment's point, not after the window.
      anomalies.mockResolvedValueOnce([]);
      await service.anomalies(Object.assign(new AnomalyPointsQuery(), { sourceId: 'orders', limit: 1, cursor: page.nextCursor }));
      expect(anomalies).toHaveBeenLastCalledWith('orders', undefined, false, [1764457200000, RUN_A, 'c', '1', 'volume', 0, '"DHL"'], 2);
      await expect(service.anomalies(Object.assign(new AnomalyPointsQuery(), { sourceId: 'orders', anomalous: true, cursor: page.nextCursor }))).rejects.toMatchObject({ response: { code: 'cursor_invalid' } });
    });
  });

  it('scores each recent run, the dataset over all of them, and the trend of the newest run', async () => {
    checksOfRecentRuns.mockResolvedValueOnce([
      row(RUN_B, 'amount-set', { rowsTested: 10, rowsFailed: 5 }),
      row(RUN_B, 'amount-min', { checkType: 'minimum', dimension: 'validity', rowsTested: 10, rowsFailed: 0 }),
      row(RUN_A, 'amount-set', { rowsTested: 10, rowsFailed: 0 }),
      row(RUN_A, 'amount-min', { checkType: 'minimum', dimension: 'validity', rowsTested: 10, rowsFailed: 0 }),
    ]);
    const view = await service.scoresOfSource('orders', 30);
    expect(checksOfRecentRuns).toHaveBeenCalledWith('orders', 30);
    expect(view.runs.map((run) => [run.runId, run.judgedAt, run.score, run.dimensions.completeness.score, run.dimensions.validity.score])).toEqual([
      [RUN_B, '2026-11-29T23:10:00.000000Z', 75, 50, 100],
      [RUN_A, '2026-11-29T23:00:00.000000Z', 100, 100, 100],
    ]);
    expect(view.dataset.dimensions.completeness).toEqual({ score: 75, testedUnits: 20, passedUnits: 15 });
    expect(view.dataset.score).toBe(87.5);
    expect(view.trend).toBe(-25);
  });

  it('has no trend with one run, and answers 404 for a run quality never judged', async () => {
    checksOfRecentRuns.mockResolvedValueOnce([row(RUN_A, 'amount-set', {})]);
    expect((await service.scoresOfSource('orders', 30)).trend).toBeNull();
    runsOf.mockResolvedValueOnce([]);
    checksOfRun.mockResolvedValueOnce([]);
    await expect(service.scoreOfRun(RUN_A)).rejects.toBeInstanceOf(NotFoundException);
  });
});
