/**
 * Distribution drift of a window against a reference, from the bounded states windows keep:
 * - continuous columns: the two-sample Kolmogorov–Smirnov statistic D = max |F_window(x) − F_reference(x)|
 *   over the DDSketch bins both states keep (value-sketch.ts: bins 1% wide, relative), each
 *   empirical CDF read at the upper edge of every bin. Values within one bin are not told apart,
 *   so D is the KS statistic of the data rounded to its bins (never above the exact one).
 * - categorical columns: the Population Stability Index over the values both keep (category-counts.ts)
 *   plus the `other` bucket, PSI = Σ (p_i − q_i) · ln(p_i / q_i), p the window's shares, q the
 *   reference's, a share of 0 counted as 0.0001 (so a value new or gone adds a finite term).
 * Both are 0 for identical distributions and grow with the difference (D ≤ 1). O(bins) and O(values).
 */

import type { CategoryCounts } from './category-counts';
import type { ValueSketch } from './value-sketch';

export type DriftMethod = 'ks' | 'psi';
export const PSI_EMPTY_SHARE = 0.0001;

function countOf(bins: Record<string, number>): number {
  let total = 0;
  for (const count of Object.values(bins)) total += count;
  return total;
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

/** The KS statistic D of two sketches; undefined when either is empty. */
export function kolmogorovSmirnov(window: ValueSketch, reference: ValueSketch): number | undefined {
  const windowTotal = window.zero + countOf(window.positive) + countOf(window.negative);
  const referenceTotal = reference.zero + countOf(reference.positive) + countOf(reference.negative);
  if (windowTotal === 0 || referenceTotal === 0) return undefined;
  let windowSeen = 0;
  let referenceSeen = 0;
  let statistic = 0;
  for (const bin of orderedBins(window, reference)) {
    windowSeen += bin.window;
    referenceSeen += bin.reference;
    statistic = Math.max(statistic, Math.abs(windowSeen / windowTotal - referenceSeen / referenceTotal));
  }
  return statistic;
}

/** The PSI of two category states; undefined when either is empty. */
export function populationStabilityIndex(window: CategoryCounts, reference: CategoryCounts): number | undefined {
  const windowTotal = countOf(window.values) + window.other;
  const referenceTotal = countOf(reference.values) + reference.other;
  if (windowTotal === 0 || referenceTotal === 0) return undefined;
  const term = (windowCount: number, referenceCount: number) => {
    const p = Math.max(windowCount / windowTotal, PSI_EMPTY_SHARE);
    const q = Math.max(referenceCount / referenceTotal, PSI_EMPTY_SHARE);
    return (p - q) * Math.log(p / q);
  };
  let index = 0;
  for (const value of new Set([...Object.keys(window.values), ...Object.keys(reference.values)])) index += term(window.values[value] ?? 0, reference.values[value] ?? 0);
  if (window.other > 0 || reference.other > 0) index += term(window.other, reference.other);
  return index;
}
