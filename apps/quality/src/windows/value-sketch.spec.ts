import { AggregateCheck, emptyWindowState, mergeWindowStates, metricOf, windowOutcome, type AggregateParameters, type WindowState } from './aggregate-check';
import { addToSketch, emptySketch, mergeSketches, quantileOf, SKETCH_BIN_LIMIT, SKETCH_RELATIVE_ACCURACY, type ValueSketch } from './value-sketch';

function percentileCheck(quantile?: number): AggregateCheck {
  const parameters: AggregateParameters = { metric: quantile === undefined ? 'stddev' : 'percentile', window: { kind: 'run' }, thresholds: {}, missingValues: [], validity: [], ...(quantile === undefined ? {} : { quantile }) };
  return new AggregateCheck({ id: 'x', name: 'x', type: 'aggregate', field: ['value'], level: 'fail', parameters: parameters as unknown as Record<string, unknown>, origin: '/x' }, []);
}

function stateOf(values: readonly unknown[], withSketch = true): WindowState {
  const check = percentileCheck(withSketch ? 0.5 : undefined);
  const state = emptyWindowState(withSketch);
  for (const value of values) check.observe(state, value, false, 1000);
  return state;
}

/** A deterministic spread of values over four decades, with negatives and zeros (no random test data). */
function series(count: number): number[] {
  return Array.from({ length: count }, (_, index) => (index % 17 === 0 ? 0 : index % 5 === 0 ? -((index * 7919) % 1000) - 0.5 : ((index * 104729) % 100_000) / 10 + 0.1));
}

function exactQuantile(values: number[], quantile: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(quantile * (sorted.length - 1))];
}

describe('stddev and variance from (count, sum, M2)', () => {
  it('gives the sample and population statistics PostgreSQL gives, ignoring missing and non-numeric values', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32.
    const state = stateOf([2, 4, 4, 4, null, 5, 5, 'x', 7, 9], false);
    expect(state).toMatchObject({ valueCount: 8, valueSum: 40, valueM2: 32, missing: 1, notEvaluated: 1 });
    expect(metricOf('var_pop', state)).toBe(4);
    expect(metricOf('stddev_pop', state)).toBe(2);
    expect(metricOf('variance', state)).toBeCloseTo(32 / 7, 12);
    expect(metricOf('var_samp', state)).toBeCloseTo(32 / 7, 12);
    expect(metricOf('stddev', state)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(metricOf('stddev_samp', state)).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('has no sample statistic below two values, and no statistic without values', () => {
    expect(metricOf('stddev', stateOf([3], false))).toBeUndefined();
    expect(metricOf('stddev_pop', stateOf([3], false))).toBe(0);
    expect(metricOf('var_pop', stateOf([], false))).toBeUndefined();
  });

  it('merges partial states (Chan et al.) to the state of all the values, in any order', () => {
    const values = series(500);
    const whole = stateOf(values, false);
    const parts = [values.slice(0, 7), values.slice(7, 300), values.slice(300)].map((part) => stateOf(part, false));
    for (const order of [[0, 1, 2], [2, 1, 0], [1, 2, 0]]) {
      const merged = order.reduce((into, index) => mergeWindowStates(into, parts[index]), emptyWindowState());
      expect(merged.valueCount).toBe(500);
      expect(Math.abs(merged.valueM2 - whole.valueM2) / whole.valueM2).toBeLessThan(1e-12);
      expect(metricOf('stddev', merged)).toBeCloseTo(metricOf('stddev', whole)!, 9);
    }
  });
});

describe('percentiles from DDSketch', () => {
  it('is within the relative accuracy of the exact value at that rank', () => {
    const values = series(2000);
    const state = stateOf(values);
    for (const quantile of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
      const exact = exactQuantile(values, quantile);
      const estimate = metricOf('percentile', state, quantile)!;
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(Math.abs(exact) * SKETCH_RELATIVE_ACCURACY + 1e-12);
    }
  });

  it('gives exact-bucket answers on small data: the median of 1..100 is 50 within 1%', () => {
    const state = stateOf(Array.from({ length: 100 }, (_, index) => index + 1));
    expect(metricOf('percentile', state, 0.5)! / 50).toBeCloseTo(1, 1);
    expect(Math.abs(metricOf('percentile', state, 0.5)! - 50)).toBeLessThanOrEqual(0.5);
    expect(metricOf('percentile', emptyWindowState(true), 0.5)).toBeUndefined();
    expect(windowOutcome({ metric: 'percentile', quantile: 0.95, thresholds: { fail: { mustBeLessThan: 90 } } }, state)).toMatchObject({ outcome: 'fail' });
  });

  it('merges sketches to the same state whatever the order and batching', () => {
    const values = series(3000);
    const batches = [values.slice(0, 1), values.slice(1, 999), values.slice(999, 2500), values.slice(2500)].map((part) => stateOf(part).sketch!);
    const merged = [
      batches.reduce<ValueSketch | null>((into, sketch) => mergeSketches(into, sketch), null)!,
      [...batches].reverse().reduce<ValueSketch | null>((into, sketch) => mergeSketches(into, sketch), null)!,
      mergeSketches(mergeSketches(batches[2], batches[0]), mergeSketches(batches[3], batches[1]))!,
    ];
    const whole = stateOf(values).sketch!;
    for (const sketch of merged) {
      expect(sketch).toEqual(whole);
      for (const quantile of [0.05, 0.5, 0.95, 0.99]) {
        const exact = exactQuantile(values, quantile);
        expect(Math.abs(quantileOf(sketch, quantile)! - exact)).toBeLessThanOrEqual(Math.abs(exact) * SKETCH_RELATIVE_ACCURACY + 1e-12);
      }
    }
  });

  it('folds the lowest bins beyond the bin limit, keeping the upper quantiles accurate', () => {
    const wide = emptySketch();
    // 1e-300 to 1e300 spans far more than 2048 bins at 1%.
    for (let exponent = -300; exponent <= 300; exponent += 1) addToSketch(wide, 10 ** exponent);
    const folded = mergeSketches(wide, emptySketch())!;
    expect(Object.keys(folded.positive).length).toBeLessThanOrEqual(SKETCH_BIN_LIMIT);
    expect(Object.values(folded.positive).reduce((sum, count) => sum + count, 0)).toBe(601);
    expect(Math.abs(quantileOf(folded, 1)! - 1e300)).toBeLessThanOrEqual(1e300 * SKETCH_RELATIVE_ACCURACY);
  });
});
