import { chartGeometry, checkSeries, expectedBandOf, thresholdLines, type CheckHistoryResult } from './check-history';

const result = (runId: string, checkId: string, measuredValue: number | null, extra: Partial<CheckHistoryResult> = {}): CheckHistoryResult => ({
  runId,
  contractVersion: '1.0.0',
  checkId,
  checkName: `${checkId} holds`,
  field: 'amount',
  level: 'fail',
  outcome: 'pass',
  metric: 'failedRows',
  measuredValue,
  thresholds: { fail: { metric: 'failedRows', mustBe: 0 } },
  lastEvaluatedAt: `2026-11-30T0${runId.slice(1)}:00:00.000Z`,
  ...extra,
});

describe('check history', () => {
  it('reads the warn and fail bounds of every ODCS operator, warn first, both ends of a range', () => {
    expect(thresholdLines({ fail: { metric: 'avg', mustBeBetween: [2, 8] }, warn: { metric: 'avg', mustBeLessThan: 6, mustBeGreaterOrEqualTo: 3 } })).toEqual([
      { level: 'warn', operator: 'mustBeGreaterOrEqualTo', value: 3 },
      { level: 'warn', operator: 'mustBeLessThan', value: 6 },
      { level: 'fail', operator: 'mustBeBetween', value: 2 },
      { level: 'fail', operator: 'mustBeBetween', value: 8 },
    ]);
    expect(thresholdLines({ fail: { metric: 'x', mustBe: 'text', mustBeBetween: [1] } })).toEqual([]);
  });

  it('takes a band only when the API sends lower and upper numbers', () => {
    expect(expectedBandOf(result('r1', 'c', 1))).toBeNull();
    expect(expectedBandOf(result('r1', 'c', 1, { expected: { value: 2, lower: 1, upper: 3 } }))).toEqual({ lower: 1, upper: 3 });
    expect(expectedBandOf(result('r1', 'c', 1, { anomaly: { lower: 0.5, upper: 4 } }))).toEqual({ lower: 0.5, upper: 4 });
    expect(expectedBandOf(result('r1', 'c', 1, { expected: { lower: '1', upper: 3 } }))).toBeNull();
  });

  it('groups newest-first results into one series per check, by check id, oldest first, with the newest thresholds', () => {
    const series = checkSeries([
      result('r3', 'orders.b', 4, { contractVersion: '1.1.0', thresholds: { warn: { metric: 'failedRows', mustBeLessThan: 3 } } }),
      result('r3', 'orders.a', 0),
      result('r2', 'orders.b', null, { outcome: 'not_evaluated' }),
      result('r1', 'orders.b', 1),
    ]);
    expect(series.map((one) => [one.checkId, one.contractVersion, one.points.map((point) => [point.runId, point.value, point.outcome]), one.thresholds, one.banded])).toEqual([
      ['orders.a', '1.0.0', [['r3', 0, 'pass']], [{ level: 'fail', operator: 'mustBe', value: 0 }], false],
      ['orders.b', '1.1.0', [['r1', 1, 'pass'], ['r2', null, 'not_evaluated'], ['r3', 4, 'pass']], [{ level: 'warn', operator: 'mustBeLessThan', value: 3 }], false],
    ]);
  });

  it('scales runs evenly left to right and values between the lowest and highest of values and thresholds', () => {
    const [series] = checkSeries([result('r3', 'c', 4), result('r2', 'c', null), result('r1', 'c', 2, { thresholds: { fail: { metric: 'failedRows', mustBe: 0 } } })]);
    // The newest result's threshold (mustBe 0) is drawn: values 0..4 over a 100 × 50 box inset by 5.
    const geometry = chartGeometry(series, 100, 50, 5);
    expect([geometry.low, geometry.high]).toEqual([0, 4]);
    expect(geometry.points.map((point) => [point.x, point.y])).toEqual([
      [5, 25],
      [50, null],
      [95, 5],
    ]);
    expect(geometry.thresholds.map((line) => [line.level, line.y])).toEqual([['fail', 45]]);
    expect(geometry.bandPolygons).toEqual([]);
  });

  it('puts a lone run in the middle and widens a flat range by one either side', () => {
    const [series] = checkSeries([result('r1', 'c', 0)]);
    const geometry = chartGeometry(series, 100, 50, 5);
    expect([geometry.low, geometry.high, geometry.points[0].x, geometry.points[0].y, geometry.thresholds[0].y]).toEqual([-1, 1, 50, 25, 25]);
  });

  it('draws one band polygon per run of consecutive banded points, upper edge left to right then lower edge back', () => {
    const [series] = checkSeries([
      result('r4', 'c', 5, { expected: { lower: 4, upper: 6 } }),
      result('r3', 'c', 4, { expected: { lower: 2, upper: 6 } }),
      result('r2', 'c', 3),
      result('r1', 'c', 2, { expected: { lower: 0, upper: 4 } }),
    ]);
    expect(series.banded).toBe(true);
    // Values and bands span 0..6 over a 130 × 70 box inset by 5: x = 5, 45, 85, 125; y = 5 + (6 - v) * 10.
    const geometry = chartGeometry(series, 130, 70, 5);
    expect([geometry.low, geometry.high]).toEqual([0, 6]);
    expect(geometry.bandPolygons).toEqual(['3,25 7,25 7,65 3,65', '85,5 125,5 125,25 85,45']);
  });
});
