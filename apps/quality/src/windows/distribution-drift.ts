/**
 * Distribution drift of a window against a reference, from the bounded states windows keep:
 * - `ks` (continuous columns): the two-sample Kolmogorov–Smirnov test. Its statistic D = max |F_window(x) − F_reference(x)|
 *   over the DDSketch bins both states keep (value-sketch.ts: bins 1% wide, relative), each
 *   empirical CDF read at the upper edge of every bin. Values within one bin are not told apart,
 *   so D is the KS statistic of the data rounded to its bins (never above the exact one), and its
 *   p-value (kolmogorov-smirnov.ts, from D and the two counts) never below the exact asymptotic one.
 * - `psi`: the Population Stability Index PSI = Σ (p_i − q_i) · ln(p_i / q_i), p the window's shares,
 *   q the reference's, a share of 0 counted as 0.0001 (so a bin new or gone adds a finite term). Its
 *   bins: for a categorical column the values both keep (category-counts.ts) plus `other`; for a
 *   continuous one PSI_BINS bins of about equal reference mass, cut at the reference's deciles (the
 *   value at rank q·(n − 1), DDSketch's rule), the first and last open-ended.
 * - `chi_square` (categorical columns): Pearson's chi-square test of homogeneity of the 2 × k table
 *   (window, reference) × values: χ² = Σ (w_i·R − r_i·W)² / (W·R·(w_i + r_i)), W and R the totals,
 *   k − 1 degrees of freedom, k the values either holds; its p-value from chi-square.ts.
 * All are O(bins) or O(values): at most 2 × 2048 sketch bins and 257 categories.
 */

import type { CategoryCounts } from './category-counts';
import { chiSquareSurvival } from './chi-square';
import { twoSampleKolmogorovSmirnovPValue } from './kolmogorov-smirnov';
import type { ValueSketch } from './value-sketch';

/** Soda's method names; `swd` and `semd` are not measured (sodacl-scope.ts reports them not evaluated). */
export type DriftMethod = 'ks' | 'psi' | 'chi_square';
export const PSI_EMPTY_SHARE = 0.0001;
export const PSI_BINS = 10;

function countOf(bins: Record<string, number>): number {
  let total = 0;
  for (const count of Object.values(bins)) total += count;
  return total;
}

function sketchCount(sketch: ValueSketch): number {
  return sketch.zero + countOf(sketch.positive) + countOf(sketch.negative);
}

/** Bins in value order: negative ones by decreasing magnitude, then zero, then positive ones. */
function orderedBins(window: ValueSketch, reference: ValueSketch): Array<{ window: number; reference: number }> {
  const merge = (left: Record<string, number>, right: Record<string, number>) => [...new Set([...Object.keys(left), ...Object.keys(right)].map(Number))];
  const negative = merge(window.negative, reference.negative).sort((left, right) => right - left);
  const positive = merge(window.positive, reference.positive).sort((left, right) => left - right);
  return [
    ...negative.map((key) => ({ window: window.negative[key] ?? 0, reference: reference.negative[key] ?? 0 })),
    { window: window.zero, reference: reference.zero },
    ...positive.map((key) => ({ window: window.positive[key] ?? 0, reference: reference.positive[key] ?? 0 })),
  ];
}

/** A hypothesis test's statistic and p-value; chi-square adds its degrees of freedom. */
export interface HypothesisTest {
  statistic: number;
  pValue: number;
}

/** The two-sample KS test of two sketches: D and its p-value; undefined when either is empty. */
export function kolmogorovSmirnovTest(window: ValueSketch, reference: ValueSketch): HypothesisTest | undefined {
  const windowTotal = sketchCount(window);
  const referenceTotal = sketchCount(reference);
  if (windowTotal === 0 || referenceTotal === 0) return undefined;
  let windowSeen = 0;
  let referenceSeen = 0;
  let statistic = 0;
  for (const bin of orderedBins(window, reference)) {
    windowSeen += bin.window;
    referenceSeen += bin.reference;
    statistic = Math.max(statistic, Math.abs(windowSeen / windowTotal - referenceSeen / referenceTotal));
  }
  return { statistic, pValue: twoSampleKolmogorovSmirnovPValue(statistic, windowTotal, referenceTotal) };
}

/** Σ (p − q) · ln(p / q) over bins given as [window count, reference count]. */
function stabilityIndex(bins: Iterable<[number, number]>, windowTotal: number, referenceTotal: number): number {
  let index = 0;
  for (const [windowCount, referenceCount] of bins) {
    const p = Math.max(windowCount / windowTotal, PSI_EMPTY_SHARE);
    const q = Math.max(referenceCount / referenceTotal, PSI_EMPTY_SHARE);
    index += (p - q) * Math.log(p / q);
  }
  return index;
}

/** Each category's [window count, reference count], `other` last when either has some. */
function* categoryPairs(window: CategoryCounts, reference: CategoryCounts): Generator<[number, number]> {
  for (const value of new Set([...Object.keys(window.values), ...Object.keys(reference.values)])) yield [window.values[value] ?? 0, reference.values[value] ?? 0];
  if (window.other > 0 || reference.other > 0) yield [window.other, reference.other];
}

const categoryTotal = (counts: CategoryCounts) => countOf(counts.values) + counts.other;

/** The PSI of two category states; undefined when either is empty. */
export function populationStabilityIndex(window: CategoryCounts, reference: CategoryCounts): number | undefined {
  const windowTotal = categoryTotal(window);
  const referenceTotal = categoryTotal(reference);
  if (windowTotal === 0 || referenceTotal === 0) return undefined;
  return stabilityIndex(categoryPairs(window, reference), windowTotal, referenceTotal);
}

/** The PSI of two sketches over PSI_BINS bins cut at the reference's deciles; undefined when either is empty. */
export function sketchPopulationStabilityIndex(window: ValueSketch, reference: ValueSketch): number | undefined {
  const windowTotal = sketchCount(window);
  const referenceTotal = sketchCount(reference);
  if (windowTotal === 0 || referenceTotal === 0) return undefined;
  const bins: Array<[number, number]> = Array.from({ length: PSI_BINS }, () => [0, 0]);
  // A sketch bin falls in the PSI bin after the deciles already passed; decile j is passed once the
  // reference's running count exceeds the rank (j / PSI_BINS)·(n − 1). Equal deciles leave bins empty on both sides (no term).
  let decilesPassed = 0;
  let referenceSeen = 0;
  for (const bin of orderedBins(window, reference)) {
    bins[decilesPassed][0] += bin.window;
    bins[decilesPassed][1] += bin.reference;
    referenceSeen += bin.reference;
    while (decilesPassed < PSI_BINS - 1 && referenceSeen > ((decilesPassed + 1) / PSI_BINS) * (referenceTotal - 1)) decilesPassed++;
  }
  return stabilityIndex(bins, windowTotal, referenceTotal);
}

export interface ChiSquareTest extends HypothesisTest {
  degreesOfFreedom: number;
}

/** Pearson's chi-square test of homogeneity of two category states; undefined when either is empty. */
export function chiSquareTest(window: CategoryCounts, reference: CategoryCounts): ChiSquareTest | undefined {
  const windowTotal = categoryTotal(window);
  const referenceTotal = categoryTotal(reference);
  if (windowTotal === 0 || referenceTotal === 0) return undefined;
  let statistic = 0;
  let categories = 0;
  for (const [windowCount, referenceCount] of categoryPairs(window, reference)) {
    if (windowCount + referenceCount === 0) continue;
    categories += 1;
    // (w − W·c/N)²/(W·c/N) + (r − R·c/N)²/(R·c/N), c = w + r, N = W + R, simplified.
    statistic += (windowCount * referenceTotal - referenceCount * windowTotal) ** 2 / (windowTotal * referenceTotal * (windowCount + referenceCount));
  }
  const degreesOfFreedom = Math.max(categories - 1, 0);
  return { statistic, degreesOfFreedom, pValue: chiSquareSurvival(statistic, degreesOfFreedom) };
}
