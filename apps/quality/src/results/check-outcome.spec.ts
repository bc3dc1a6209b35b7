import { outcomeOf, type CheckCounts } from './check-outcome';

const perRecord = (counts: Partial<CheckCounts>): CheckCounts => ({ checkType: 'minimum', level: 'fail', rowsTested: 0, rowsFailed: 0, threshold: null, unit: 'rows', ...counts });

describe('outcomeOf', () => {
  it('passes a per-record check when no tested row failed', () => {
    expect(outcomeOf(perRecord({ rowsTested: 4 }))).toEqual({ outcome: 'pass', metric: 'failedRows', measuredValue: 0, failedRowsPercent: 0, thresholds: { fail: { metric: 'failedRows', mustBe: 0 } } });
  });

  it('fails or warns a per-record check by level, with the failed share in percent', () => {
    expect(outcomeOf(perRecord({ rowsTested: 3, rowsFailed: 1 }))).toEqual({ outcome: 'fail', metric: 'failedRows', measuredValue: 1, failedRowsPercent: 33.33, thresholds: { fail: { metric: 'failedRows', mustBe: 0 } } });
    expect(outcomeOf(perRecord({ level: 'warn', rowsTested: 8, rowsFailed: 2 }))).toMatchObject({ outcome: 'warn', measuredValue: 2, failedRowsPercent: 25 });
  });

  it('is not evaluated when the check could judge no row', () => {
    expect(outcomeOf(perRecord({}))).toMatchObject({ outcome: 'not_evaluated', failedRowsPercent: null });
  });

  it('compares a run row count with the contract threshold', () => {
    const rowCount = perRecord({ checkType: 'row_count', threshold: { mustBeGreaterOrEqualTo: 3 } });
    expect(outcomeOf({ ...rowCount, rowsTested: 3 })).toEqual({ outcome: 'pass', metric: 'rowCount', measuredValue: 3, failedRowsPercent: null, thresholds: { fail: { metric: 'rowCount', mustBeGreaterOrEqualTo: 3 } } });
    expect(outcomeOf({ ...rowCount, rowsTested: 2 })).toMatchObject({ outcome: 'fail', measuredValue: 2 });
  });

  it('compares duplicates in rows or percent with the contract threshold', () => {
    const duplicates = perRecord({ checkType: 'duplicates', level: 'warn', rowsTested: 8, rowsFailed: 2, threshold: { mustBeLessThan: 30 } });
    expect(outcomeOf({ ...duplicates, unit: 'percent' })).toEqual({ outcome: 'pass', metric: 'duplicatePercent', measuredValue: 25, failedRowsPercent: 25, thresholds: { warn: { metric: 'duplicatePercent', mustBeLessThan: 30 } } });
    expect(outcomeOf({ ...duplicates, threshold: { mustBe: 0 } })).toMatchObject({ outcome: 'warn', metric: 'duplicateRows', measuredValue: 2 });
    expect(outcomeOf({ ...duplicates, rowsTested: 0, rowsFailed: 0 })).toMatchObject({ outcome: 'not_evaluated' });
  });
});

describe('outcomeOf an aggregate check over a run', () => {
  const aggregate = (counts: Partial<CheckCounts>): CheckCounts =>
    perRecord({ checkType: 'aggregate', threshold: { metric: 'avg', window: { kind: 'count', size: 3 }, fail: { mustBeLessOrEqualTo: 1000 }, warn: { mustBeLessOrEqualTo: 100 } }, ...counts });

  it('is the worst outcome of its closed windows, with the metric over their merged state and both thresholds', () => {
    const thresholds = { fail: { metric: 'avg', mustBeLessOrEqualTo: 1000 }, warn: { metric: 'avg', mustBeLessOrEqualTo: 100 } };
    // Two windows of three amounts: 10, 20, 30 (average 20) and 200, 150, 250 (average 200): the run's average is 110.
    const closedWindows = { rows: 6, notEvaluated: 0, missing: 0, invalid: 0, valueCount: 6, valueSum: 660, valueMin: 10, valueMax: 250, valueM2: 0, sketch: null, maxIngestedMs: 1000 };
    expect(outcomeOf(aggregate({ windowsEvaluated: 2, windowsWarned: 1, windowsFailed: 0, closedWindows }))).toEqual({ outcome: 'warn', metric: 'avg', measuredValue: 110, failedRowsPercent: null, thresholds });
    expect(outcomeOf(aggregate({ windowsEvaluated: 3, windowsWarned: 1, windowsFailed: 1, closedWindows }))).toMatchObject({ outcome: 'fail', measuredValue: 110 });
    expect(outcomeOf(aggregate({ windowsEvaluated: 3, closedWindows }))).toMatchObject({ outcome: 'pass' });
    expect(outcomeOf(aggregate({ rowsTested: 5 }))).toMatchObject({ outcome: 'not_evaluated', measuredValue: null });
  });

  it('reads a stddev from the merged M2 and a percentile from the merged sketch, naming the quantile', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, M2 32; a sketch holding 5 alone at its bin (key 81 at 1%).
    const closedWindows = { rows: 8, notEvaluated: 0, missing: 0, invalid: 0, valueCount: 8, valueSum: 40, valueMin: 2, valueMax: 9, valueM2: 32, sketch: { zero: 0, positive: { 81: 1 }, negative: {} }, maxIngestedMs: 1 };
    const stddev = aggregate({ windowsEvaluated: 1, closedWindows, threshold: { metric: 'stddev_pop', window: { kind: 'run' }, fail: { mustBeLessThan: 3 } } });
    expect(outcomeOf(stddev)).toEqual({ outcome: 'pass', metric: 'stddev_pop', measuredValue: 2, failedRowsPercent: null, thresholds: { fail: { metric: 'stddev_pop', mustBeLessThan: 3 } } });
    const percentile = outcomeOf(aggregate({ windowsEvaluated: 1, closedWindows, threshold: { metric: 'percentile', quantile: 0.5, window: { kind: 'run' }, warn: { mustBeLessThan: 6 } } }));
    expect(percentile).toMatchObject({ outcome: 'pass', metric: 'percentile', thresholds: { warn: { metric: 'percentile', quantile: 0.5, mustBeLessThan: 6 } } });
    expect(Math.abs(percentile.measuredValue! - 5)).toBeLessThanOrEqual(0.05);
  });

  it('fails when a segment window failed, and reads a drift check\'s value from its latest evaluation', () => {
    const closedWindows = { rows: 4, notEvaluated: 0, missing: 0, invalid: 0, valueCount: 4, valueSum: 0, valueMin: null, valueMax: null, valueM2: 0, sketch: null, maxIngestedMs: 1 };
    const grouped = aggregate({ windowsEvaluated: 1, closedWindows, segmentWindowsWarned: 1, segmentWindowsFailed: 1, threshold: { metric: 'row_count', window: { kind: 'run' }, groupBy: 'carrier', fail: { mustBeGreaterThan: 1 } } });
    expect(outcomeOf(grouped)).toEqual({ outcome: 'fail', metric: 'row_count', measuredValue: 4, failedRowsPercent: null, thresholds: { fail: { metric: 'row_count', mustBeGreaterThan: 1 } } });
    expect(outcomeOf({ ...grouped, segmentWindowsFailed: 0 })).toMatchObject({ outcome: 'warn' });
    const drift = { metric: 'distribution_difference' as const, window: { kind: 'run' }, fail: { mustBeGreaterOrEqualTo: 0.3 }, distribution: { type: 'continuous' as const, method: 'ks' as const, reference: { kind: 'previous_windows' as const, windows: 1 } } };
    expect(outcomeOf(aggregate({ windowsEvaluated: 1, windowsFailed: 1, closedWindows, threshold: drift, lastDrift: { value: 0.1075 } }))).toEqual({
      outcome: 'fail',
      metric: 'distribution_difference',
      measuredValue: 0.1075,
      failedRowsPercent: null,
      thresholds: { fail: { metric: 'distribution_difference', mustBeGreaterOrEqualTo: 0.3 } },
    });
    expect(outcomeOf(aggregate({ windowsEvaluated: 0, closedWindows, threshold: drift, lastDrift: { value: null } }))).toMatchObject({ outcome: 'not_evaluated', measuredValue: null });
  });
});
