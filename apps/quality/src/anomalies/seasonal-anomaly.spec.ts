import { anomalyRuleOf, DEFAULT_ANOMALY_RULE } from './anomaly-rule';
import { evaluateAnomaly, medianOf, type SeriesPoint } from './seasonal-anomaly';

const DAY_MS = 86_400_000;
// 2026-01-05 is a Monday (UTC).
const MONDAY = Date.UTC(2026, 0, 5, 12);
const at = (day: number) => MONDAY + day * DAY_MS;
const series = (values: number[]): SeriesPoint[] => values.map((value, day) => ({ at: at(day), value }));

describe('seasonal anomaly detection', () => {
  // Two weeks: weekdays near 100, weekends near 20.
  const twoWeeks = series([100, 100, 100, 100, 100, 20, 20, 102, 98, 100, 104, 100, 21, 20]);

  it('expects the median of the same weekday plus the typical change, with a band of sensitivity × 1.4826 × MAD of the residuals', () => {
    // Residuals of week 2 against week 1: 2, -2, 0, 4, 0, 1, 0 → median 0, MAD 1 → scale 1.4826.
    // Monday's baseline: the median of 100 and 102 = 101.
    const spike = evaluateAnomaly(twoWeeks, { at: at(14), value: 130 }, DEFAULT_ANOMALY_RULE);
    expect(spike).toEqual({ evaluated: true, anomalous: true, value: 130, expected: 101, lower: expect.any(Number), upper: expect.any(Number), score: expect.any(Number), historyPoints: 14, seasonalPoints: 2 });
    expect(spike.lower).toBeCloseTo(95.8109, 10);
    expect(spike.upper).toBeCloseTo(106.1891, 10);
    expect(spike.score).toBeCloseTo(19.560232025, 8);
    const normal = evaluateAnomaly(twoWeeks, { at: at(14), value: 104 }, DEFAULT_ANOMALY_RULE);
    expect(normal).toMatchObject({ evaluated: true, anomalous: false, expected: 101 });
    expect(normal.score).toBeCloseTo(2.023472278, 8);
  });

  it('does not flag a level that differs by weekday: a Saturday is compared with Saturdays', () => {
    const saturday = evaluateAnomaly(twoWeeks, { at: at(19), value: 20 }, DEFAULT_ANOMALY_RULE);
    expect(saturday).toMatchObject({ evaluated: true, anomalous: false, expected: 20.5, seasonalPoints: 2 });
    expect(saturday.score).toBeCloseTo(-0.337245380, 8);
    // The weekday level on a Saturday is an anomaly, though it is the series' usual value.
    expect(evaluateAnomaly(twoWeeks, { at: at(19), value: 100 }, DEFAULT_ANOMALY_RULE)).toMatchObject({ anomalous: true, expected: 20.5 });
  });

  it('judges only one side with a direction', () => {
    const drop = { at: at(14), value: 80 };
    expect(evaluateAnomaly(twoWeeks, drop, DEFAULT_ANOMALY_RULE).anomalous).toBe(true);
    expect(evaluateAnomaly(twoWeeks, drop, { ...DEFAULT_ANOMALY_RULE, direction: 'upper' }).anomalous).toBe(false);
    expect(evaluateAnomaly(twoWeeks, drop, { ...DEFAULT_ANOMALY_RULE, direction: 'lower' }).anomalous).toBe(true);
  });

  it('does not judge without enough history, and says how much there is', () => {
    expect(evaluateAnomaly(twoWeeks.slice(0, 13), { at: at(13), value: 5000 }, DEFAULT_ANOMALY_RULE)).toEqual({
      evaluated: false, anomalous: false, value: 5000, expected: null, lower: null, upper: null, score: null, historyPoints: 13, seasonalPoints: 0,
      reason: 'insufficient history: 13 of 14 points',
    });
    // Three weeks of weekdays only: a first Saturday has nothing to be compared with.
    const weekdays = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18].map((day) => ({ at: at(day), value: 100 }));
    expect(evaluateAnomaly(weekdays, { at: at(19), value: 100 }, DEFAULT_ANOMALY_RULE)).toMatchObject({
      evaluated: false, historyPoints: 15, reason: 'insufficient history: no earlier value on a Saturday (day-of-week seasonality)',
    });
  });

  it('keeps a band on a perfectly regular series: at least 1% of the expected value', () => {
    const flat = series(Array.from({ length: 14 }, () => 1000));
    expect(evaluateAnomaly(flat, { at: at(14), value: 1030 }, DEFAULT_ANOMALY_RULE)).toMatchObject({ anomalous: false, expected: 1000, lower: 965, upper: 1035, score: 3 });
    expect(evaluateAnomaly(flat, { at: at(14), value: 1036 }, DEFAULT_ANOMALY_RULE).anomalous).toBe(true);
  });

  it('follows a steady trend instead of flagging it', () => {
    const growing = series(Array.from({ length: 28 }, (_, day) => 1000 + 10 * day));
    // The last four Mondays (days 0, 7, 14, 21) have a median of 1105. Residuals: +70 (one earlier
    // value of the weekday), +105 (two), +140 (three), seven of each: the typical change is +105.
    const next = evaluateAnomaly(growing, { at: at(28), value: 1280 }, DEFAULT_ANOMALY_RULE);
    expect(next).toMatchObject({ anomalous: false, expected: 1210, seasonalPoints: 4 });
    // MAD = 35 → scale 51.891.
    expect(next.score).toBeCloseTo(70 / 51.891, 10);
  });

  describe('a generated weekly series with injected outliers', () => {
    // Ten weeks of daily values: weekdays near 1000, Saturdays 300, Sundays 200, ±10 of deterministic noise.
    const levels = [1000, 1040, 1020, 1060, 980, 300, 200];
    const noise = (day: number) => ((day * 7919) % 21) - 10;
    const outliers = new Map<number, (value: number) => number>([
      [22, (value) => value * 1.6], // a Tuesday spike
      [33, (value) => value * 0.4], // a Saturday drop
      [48, () => 1000], // a weekday's volume on a Sunday
      [61, (value) => value + 200], // a Saturday spike
    ]);
    const values = Array.from({ length: 70 }, (_, day) => {
      const normal = levels[day % 7] + noise(day);
      return outliers.get(day)?.(normal) ?? normal;
    });
    const points = series(values);

    function judgeInTurn(rule = DEFAULT_ANOMALY_RULE) {
      return points.map((point, day) => evaluateAnomaly(points.slice(0, day), point, rule));
    }

    it('flags every injected outlier and no normal value, judging each day against the days before it', () => {
      const evaluations = judgeInTurn();
      const flagged = evaluations.flatMap((evaluation, day) => (evaluation.anomalous ? [day] : []));
      expect(flagged).toEqual([22, 33, 48, 61]);
      expect(evaluations.slice(0, 14).every((evaluation) => !evaluation.evaluated)).toBe(true);
      expect(evaluations[13].reason).toBe('insufficient history: 13 of 14 points');
      expect(evaluations.slice(14).every((evaluation) => evaluation.evaluated)).toBe(true);
      // Each outlier lies outside its band, on the side it was pushed to.
      expect(evaluations[22].value).toBeGreaterThan(evaluations[22].upper!);
      expect(evaluations[33].value).toBeLessThan(evaluations[33].lower!);
      expect(evaluations[48].value).toBeGreaterThan(evaluations[48].upper!);
      expect(evaluations[61].value).toBeGreaterThan(evaluations[61].upper!);
    });

    it('needs the seasonality: without it, the weekly swings widen the band until no outlier is seen', () => {
      const flagged = judgeInTurn({ ...DEFAULT_ANOMALY_RULE, seasonality: 'none' }).flatMap((evaluation, day) => (evaluation.anomalous ? [day] : []));
      expect(flagged).toEqual([]);
    });
  });
});

describe('anomaly rules', () => {
  it('takes the defaults and checks each option', () => {
    expect(anomalyRuleOf({})).toEqual({ level: 'fail', sensitivity: 3.5, seasonality: 'day_of_week', minimumHistory: 14, direction: 'both' });
    expect(anomalyRuleOf({ level: 'warn', sensitivity: 3, seasonality: 'day of week', minimumHistory: 21, direction: 'upper' })).toEqual({ level: 'warn', sensitivity: 3, seasonality: 'day_of_week', minimumHistory: 21, direction: 'upper' });
    expect(() => anomalyRuleOf({ minimumHistory: 3 })).toThrow('must be a whole number from 10 to 500');
    expect(() => anomalyRuleOf({ sensitivity: '3' })).toThrow('must be a number from 1 to 20');
    expect(() => anomalyRuleOf({ seasonality: 'monthly' })).toThrow('must be day_of_week or none');
  });

  it('computes medians of odd and even counts', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});
