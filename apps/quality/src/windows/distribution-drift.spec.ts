import { chiSquareSurvival } from './chi-square';
import { judgeDrift, type ReferenceWindow } from './drift-judgement';
import { chiSquareTest, kolmogorovSmirnovTest, populationStabilityIndex, sketchPopulationStabilityIndex } from './distribution-drift';
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
  it('tests with Kolmogorov–Smirnov: D between two sketches over their bins, negatives and zeros in value order, and its p-value', () => {
    expect(kolmogorovSmirnovTest(sketchOf([1, 2, 3, 4]), sketchOf([4, 3, 2, 1]))).toEqual({ statistic: 0, pValue: 1 });
    // After the bin of 1: every value of the window, a quarter of the reference's. n = m = 4: nₑ = 2,
    // λ = (√2 + 0.12 + 0.11/√2)·0.75 = 1.208996, Q_KS(λ) = 0.107490 (mpmath).
    expect(kolmogorovSmirnovTest(sketchOf([1, 1, 1, 1]), sketchOf([1, 2, 3, 4]))).toEqual({ statistic: 0.75, pValue: expect.closeTo(0.107490465020966, 14) });
    // n = m = 3: λ = (√1.5 + 0.12 + 0.11/√1.5)·2/3 = 0.956373.
    expect(kolmogorovSmirnovTest(sketchOf([-5, 0, 5]), sketchOf([5, 5, 5]))).toEqual({ statistic: 2 / 3, pValue: expect.closeTo(0.319724333270965, 14) });
    // n = m = 2: λ = (1 + 0.12 + 0.11)·1 = 1.23.
    expect(kolmogorovSmirnovTest(sketchOf([10, 20]), sketchOf([100, 200]))).toEqual({ statistic: 1, pValue: expect.closeTo(0.0970268975952208, 14) });
    // Values within 1% of each other share a bin: the rounded data do not differ.
    expect(kolmogorovSmirnovTest(sketchOf([100]), sketchOf([100.5]))).toEqual({ statistic: 0, pValue: 1 });
    expect(kolmogorovSmirnovTest(sketchOf([]), sketchOf([1]))).toBeUndefined();
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

  it('measures the PSI of a continuous column over 10 bins cut at the reference deciles, the outer bins open-ended', () => {
    const reference = sketchOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(sketchPopulationStabilityIndex(sketchOf([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), reference)).toBe(0);
    // Deciles at 1, 2 … 9: ten bins of one reference value each (share 0.1). The window has half its
    // values in the first bin, half in the last: 2·(0.5 − 0.1)·ln 5 + 8·(0.0001 − 0.1)·ln(0.0001 / 0.1).
    const window = sketchOf([1, 1, 1, 1, 1, 10, 10, 10, 10, 10]);
    expect(sketchPopulationStabilityIndex(window, reference)).toBeCloseTo(0.8 * Math.log(5) + 8 * (0.0001 - 0.1) * Math.log(0.001), 12);
    // Below the reference's least value and above its greatest: the first and last bins.
    expect(sketchPopulationStabilityIndex(sketchOf([-50, 0.5, 1000, 2000]), reference)).toBeCloseTo(2 * (0.5 - 0.1) * Math.log(5) + 8 * (0.0001 - 0.1) * Math.log(0.001), 12);
    // Four reference values: deciles 1–3 at 10, 4–6 at 20, 7–9 at 30; bins (…, 10], (10, 20], (20, 30], (30, …) of 0.25 each.
    expect(sketchPopulationStabilityIndex(sketchOf([10, 20, 300, 400]), sketchOf([10, 20, 30, 40]))).toBeCloseTo((0.0001 - 0.25) * Math.log(0.0001 / 0.25) + 0.25 * Math.log(2), 12);
    // Ties: every decile is the one value, so two bins remain, (…, 5] and (5, …).
    expect(sketchPopulationStabilityIndex(sketchOf([5, 5, 100, 100]), sketchOf([5, 5, 5, 5]))).toBeCloseTo((0.5 - 1) * Math.log(0.5) + (0.5 - 0.0001) * Math.log(0.5 / 0.0001), 12);
    expect(sketchPopulationStabilityIndex(sketchOf([]), reference)).toBeUndefined();
  });

  it('tests the homogeneity of two category states with Pearson chi-square and its p-value', () => {
    // Expected DHL 3 and 3, UPS and GLS 0.5 each side: (1/3 + 1/3) + 4 · 0.5 = 8/3 on 2 degrees, p = e^(−4/3).
    const drifted = chiSquareTest(categoriesOf({ DHL: 4 }), categoriesOf({ DHL: 2, UPS: 1, GLS: 1 }))!;
    expect(drifted.statistic).toBeCloseTo(8 / 3, 13);
    expect(drifted.degreesOfFreedom).toBe(2);
    expect(drifted.pValue).toBeCloseTo(Math.exp(-4 / 3), 13);
    // 30/10 against 20/20: a: (30·40 − 20·40)² / (40·40·50) = 2, b: (10·40 − 20·40)² / (40·40·30) = 10/3, on 1 degree.
    const shifted = chiSquareTest(categoriesOf({ a: 30, b: 10 }), categoriesOf({ a: 20, b: 20 }))!;
    expect([shifted.statistic, shifted.degreesOfFreedom]).toEqual([expect.closeTo(16 / 3, 13), 1]);
    // Between the tabulated 1-degree critical values 5.0239 (p = 0.025) and 5.4119 (p = 0.02).
    expect(shifted.pValue).toBe(chiSquareSurvival(shifted.statistic, 1));
    expect(shifted.pValue > 0.02 && shifted.pValue < 0.025).toBe(true);
    // Same shares, other as a category: nothing differs.
    expect(chiSquareTest(categoriesOf({ a: 2, b: 4 }, 2), categoriesOf({ b: 20, a: 10 }, 10))).toEqual({ statistic: 0, degreesOfFreedom: 2, pValue: 1 });
    // Other is a category: a (6, 0), b (0, 4), other (4, 0); W = 10, R = 4: 576/240 + 1600/160 + 256/160 = 14 on 2 degrees, p = e^(−7).
    const withOther = chiSquareTest(categoriesOf({ a: 6 }, 4), categoriesOf({ b: 4 }))!;
    expect([withOther.statistic, withOther.degreesOfFreedom]).toEqual([expect.closeTo(14, 12), 2]);
    expect(withOther.pValue).toBeCloseTo(Math.exp(-7), 15);
    expect(chiSquareTest(categoriesOf({ a: 3 }), categoriesOf({ a: 9 }))).toEqual({ statistic: 0, degreesOfFreedom: 0, pValue: 1 });
    expect(chiSquareTest(categoriesOf({}), categoriesOf({ a: 1 }))).toBeUndefined();
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

  it('compares the window with the merged reference windows and fixes the outcome at the thresholds: ks measures its p-value and keeps D', () => {
    const state = { ...emptyWindowState(true), valueCount: 4, sketch: sketchOf([1, 1, 1, 1]) };
    // D = 0.75 between 4 and 4 values: p = 0.107490, below the fail level 0.2.
    const pValue = 0.107490465020966;
    const judged = judgeDrift(options, { fail: { mustBeGreaterOrEqualTo: 0.2 }, warn: { mustBeGreaterOrEqualTo: 0.5 } }, state, 3, [reference('run-2', [1, 2]), reference('run-1', [3, 4])]);
    expect(judged).toEqual({
      outcome: 'fail',
      measuredValue: expect.closeTo(pValue, 14),
      drift: {
        method: 'ks',
        evaluated: true,
        value: expect.closeTo(pValue, 14),
        statistic: 0.75,
        reference: { kind: 'previous_windows', windows: 2, used: [{ runId: 'run-2', windowStart: 0 }, { runId: 'run-1', windowStart: 0 }], values: 4 },
        windowStart: 3,
      },
    });
    expect(judgeDrift(options, { fail: { mustBeGreaterOrEqualTo: 0.05 }, warn: { mustBeGreaterOrEqualTo: 0.2 } }, state, 3, [reference('run-1', [1, 2, 3, 4])]).outcome).toBe('warn');
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
