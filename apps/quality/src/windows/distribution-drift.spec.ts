import { judgeDrift, type ReferenceWindow } from './drift-judgement';
import { kolmogorovSmirnov, populationStabilityIndex } from './distribution-drift';
import { addCategory, CATEGORY_LIMIT, emptyCategories, mergeCategories, type CategoryCounts } from './category-counts';
import { addToSketch, emptySketch, type ValueSketch } from './value-sketch';
import { emptyWindowState } from './aggregate-check';

function sketchOf(values: number[]): ValueSketch {
  const sketch = emptySketch();
  for (const value of values) addToSketch(sketch, value);
  return sketch;
}

function categoriesOf(values: Record<string, number>, other = 0): CategoryCounts {
  return { values, other };
}

describe('distribution drift statistics', () => {
  it('measures the Kolmogorov–Smirnov D between two sketches over their bins, negatives and zeros in value order', () => {
    expect(kolmogorovSmirnov(sketchOf([1, 2, 3, 4]), sketchOf([4, 3, 2, 1]))).toBe(0);
    // After the bin of 1: every value of the window, a quarter of the reference's.
    expect(kolmogorovSmirnov(sketchOf([1, 1, 1, 1]), sketchOf([1, 2, 3, 4]))).toBe(0.75);
    expect(kolmogorovSmirnov(sketchOf([-5, 0, 5]), sketchOf([5, 5, 5]))).toBe(2 / 3);
    expect(kolmogorovSmirnov(sketchOf([10, 20]), sketchOf([100, 200]))).toBe(1);
    // Values within 1% of each other share a bin: the rounded data do not differ.
    expect(kolmogorovSmirnov(sketchOf([100]), sketchOf([100.5]))).toBe(0);
    expect(kolmogorovSmirnov(sketchOf([]), sketchOf([1]))).toBeUndefined();
  });

  it('measures the Population Stability Index over the values and other, an empty share counted as 0.0001', () => {
    expect(populationStabilityIndex(categoriesOf({ a: 50, b: 50 }), categoriesOf({ b: 5, a: 5 }))).toBe(0);
    // (0.75 − 0.5)·ln(0.75/0.5) + (0.25 − 0.5)·ln(0.25/0.5) = 0.25·ln 3
    expect(populationStabilityIndex(categoriesOf({ a: 75, b: 25 }), categoriesOf({ a: 50, b: 50 }))).toBeCloseTo(0.25 * Math.log(3), 12);
    // b is gone from the window: its share counts as 0.0001.
    expect(populationStabilityIndex(categoriesOf({ a: 100 }), categoriesOf({ a: 50, b: 50 }))).toBeCloseTo(0.5 * Math.log(2) + (0.0001 - 0.5) * Math.log(0.0001 / 0.5), 12);
    // Shares 0.5/0.5 against 0.75/0.25: (0.5 − 0.75)·ln(0.5/0.75) + (0.5 − 0.25)·ln(0.5/0.25) = 0.25·ln 3.
    expect(populationStabilityIndex(categoriesOf({ a: 1 }, 1), categoriesOf({ a: 3 }, 1))).toBeCloseTo(0.25 * Math.log(3), 12);
    expect(populationStabilityIndex(categoriesOf({}), categoriesOf({ a: 1 }))).toBeUndefined();
  });

  it('keeps at most CATEGORY_LIMIT values per state, the least frequent folding into other when states merge', () => {
    const counts = emptyCategories();
    for (let index = 0; index <= CATEGORY_LIMIT; index++) addCategory(counts, `v${index}`);
    addCategory(counts, 'v0');
    expect([Object.keys(counts.values).length, counts.values.v0, counts.other]).toEqual([CATEGORY_LIMIT, 2, 1]);
    const values = Object.fromEntries(Array.from({ length: CATEGORY_LIMIT }, (_, index) => [`w${index}`, index + 1]));
    const merged = mergeCategories(categoriesOf(values, 2), categoriesOf({ w0: 1, extra: 1 }, 3))!;
    // w0 (2) and extra (1) and w1 (2): 257 values; the least frequent, then the greatest value, folds: extra.
    expect([Object.keys(merged.values).length, merged.values.w0, merged.values.extra, merged.other]).toEqual([CATEGORY_LIMIT, 2, undefined, 6]);
    expect(mergeCategories(null, categoriesOf({ a: 1 }))).toEqual(categoriesOf({ a: 1 }));
  });
});

describe('judgeDrift', () => {
  const options = { type: 'continuous' as const, method: 'ks' as const, reference: { kind: 'previous_windows' as const, windows: 2 } };
  const reference = (runId: string, values: number[]): ReferenceWindow => ({ runId, windowStart: 0, valueCount: values.length, sketch: sketchOf(values), categories: null });

  it('compares the window with the merged reference windows and fixes the outcome at the thresholds', () => {
    const state = { ...emptyWindowState(true), valueCount: 4, sketch: sketchOf([1, 1, 1, 1]) };
    const judged = judgeDrift(options, { fail: { mustBeLessOrEqualTo: 0.5 }, warn: { mustBeLessOrEqualTo: 0.1 } }, state, 3, [reference('run-2', [1, 2]), reference('run-1', [3, 4])]);
    expect(judged).toEqual({
      outcome: 'fail',
      measuredValue: 0.75,
      drift: {
        method: 'ks',
        evaluated: true,
        value: 0.75,
        reference: { kind: 'previous_windows', windows: 2, used: [{ runId: 'run-2', windowStart: 0 }, { runId: 'run-1', windowStart: 0 }], values: 4 },
        windowStart: 3,
      },
    });
    expect(judgeDrift(options, { fail: { mustBeLessOrEqualTo: 0.8 }, warn: { mustBeLessOrEqualTo: 0.5 } }, state, 3, [reference('run-1', [1, 2, 3, 4])]).outcome).toBe('warn');
  });

  it('is not evaluated without a reference, or when the reference holds no value of the column type', () => {
    const state = { ...emptyWindowState(true), valueCount: 1, sketch: sketchOf([1]) };
    expect(judgeDrift(options, { fail: { mustBeLessOrEqualTo: 0.5 } }, state, 0, [])).toMatchObject({
      outcome: 'not_evaluated',
      measuredValue: null,
      drift: { evaluated: false, value: null, reason: 'no reference: no earlier closed window of this check (and segment) with values', reference: { used: [], values: 0 } },
    });
    const categorical = { ...options, type: 'categorical' as const, method: 'psi' as const };
    const categoryState = { ...emptyWindowState(false, true), valueCount: 2, categories: categoriesOf({ DHL: 2 }) };
    expect(judgeDrift(categorical, {}, categoryState, 0, [reference('run-1', [1])]).drift.reason).toBe('the reference holds no value of this column type');
    const categoryReference: ReferenceWindow = { runId: 'run-1', windowStart: 0, valueCount: 2, sketch: null, categories: categoriesOf({ DHL: 1, UPS: 1 }) };
    expect(judgeDrift(categorical, { fail: { mustBeLessOrEqualTo: 0.2 } }, categoryState, 0, [categoryReference])).toMatchObject({ outcome: 'fail', measuredValue: 0.5 * Math.log(2) + (0.0001 - 0.5) * Math.log(0.0001 / 0.5) });
  });
});
