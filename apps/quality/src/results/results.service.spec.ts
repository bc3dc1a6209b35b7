import { NotFoundException } from '@nestjs/common';
import type { CheckResultRow, ResultsRepository } from './results.repository';
import { ResultsService } from './results.service';

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
  const service = new ResultsService({ checksOfRecentRuns, runsOf, checksOfRun } as unknown as ResultsRepository);

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
