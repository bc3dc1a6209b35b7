/**
 * Mergeable summaries of a window's numbers for stddev and percentiles:
 * - (count, mean, M2) for the variance, merged with Chan et al.'s formula (count and sum are the
 *   window state's valueCount and valueSum; M2 is the sum of squared deviations from the mean);
 * - a DDSketch (@datadog/sketches-js, relative accuracy 1%) for percentiles, kept as its bins
 *   (logarithmic key → count) so PostgreSQL can add two sketches (quality.merge_sketch_bins).
 * Both merge in any order and batching to the same state (up to float rounding for M2).
 */

import { DDSketch } from '@datadog/sketches-js';

export const SKETCH_RELATIVE_ACCURACY = 0.01;
/** Bins per sign before the lowest keys fold into the lowest kept one (DDSketch's collapsing-lowest store). */
export const SKETCH_BIN_LIMIT = 2048;

/** A DDSketch as stored: bin key → count for positive and negative values (by magnitude), and the zeros. */
export interface ValueSketch {
  zero: number;
  positive: Record<string, number>;
  negative: Record<string, number>;
}

const MAPPING = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY }).mapping;

export function emptySketch(): ValueSketch {
  return { zero: 0, positive: {}, negative: {} };
}

/** Adds one number: O(1), one logarithm. */
export function addToSketch(sketch: ValueSketch, value: number): void {
  if (value > MAPPING.minPossible) {
    const key = MAPPING.key(value);
    sketch.positive[key] = (sketch.positive[key] ?? 0) + 1;
  } else if (value < -MAPPING.minPossible) {
    const key = MAPPING.key(-value);
    sketch.negative[key] = (sketch.negative[key] ?? 0) + 1;
  } else {
    sketch.zero += 1;
  }
}

/** Adds two stores' bins; beyond the bin limit, keys below (highest − limit + 1) fold into it, as SQL does. */
function mergeBins(left: Record<string, number>, right: Record<string, number>): Record<string, number> {
  const merged: Record<string, number> = { ...left };
  for (const [key, count] of Object.entries(right)) merged[key] = (merged[key] ?? 0) + count;
  const keys = Object.keys(merged).map(Number);
  if (keys.length === 0) return merged;
  const lowestKept = Math.max(...keys) - SKETCH_BIN_LIMIT + 1;
  if (Math.min(...keys) >= lowestKept) return merged;
  const folded: Record<string, number> = {};
  for (const key of keys) {
    const target = Math.max(key, lowestKept);
    folded[target] = (folded[target] ?? 0) + merged[key];
  }
  return folded;
}

export function mergeSketches(left: ValueSketch | null, right: ValueSketch | null): ValueSketch | null {
  if (left === null) return right;
  if (right === null) return left;
  return { zero: left.zero + right.zero, positive: mergeBins(left.positive, right.positive), negative: mergeBins(left.negative, right.negative) };
}

/** The value at a quantile (0–1), within 1% of a value of the data at that rank; undefined for an empty sketch. */
export function quantileOf(sketch: ValueSketch, quantile: number): number | undefined {
  const restored = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
  for (const [key, count] of Object.entries(sketch.positive)) restored.store.add(Number(key), count);
  for (const [key, count] of Object.entries(sketch.negative)) restored.negativeStore.add(Number(key), count);
  restored.zeroCount = sketch.zero;
  restored.count = restored.store.count + restored.negativeStore.count + sketch.zero;
  if (restored.count === 0) return undefined;
  return restored.getValueAtQuantile(quantile);
}

/** Welford's update of M2 with one more value, from the count and sum before it. */
export function m2WithValue(m2: number, countBefore: number, sumBefore: number, value: number): number {
  if (countBefore === 0) return 0;
  const meanBefore = sumBefore / countBefore;
  const meanAfter = (sumBefore + value) / (countBefore + 1);
  return m2 + (value - meanBefore) * (value - meanAfter);
}

/** Chan et al.: the M2 of two sets of values from their counts, sums and M2s. */
export function mergedM2(leftCount: number, leftSum: number, leftM2: number, rightCount: number, rightSum: number, rightM2: number): number {
  if (leftCount === 0) return rightM2;
  if (rightCount === 0) return leftM2;
  const delta = rightSum / rightCount - leftSum / leftCount;
  return leftM2 + rightM2 + (delta * delta * leftCount * rightCount) / (leftCount + rightCount);
}
