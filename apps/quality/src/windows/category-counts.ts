/**
 * The value frequencies of a categorical column in a window, bounded: the most frequent
 * CATEGORY_LIMIT values keep their own count, the rest add to `other`. Two states merge by adding
 * counts per value and folding the least frequent values beyond the limit into `other` (ties: the
 * greater value in code-unit order folds first), as PostgreSQL's quality.merge_categories does. The
 * counts are exact while a window and its reference hold at most CATEGORY_LIMIT distinct values.
 */

export const CATEGORY_LIMIT = 256;
/** A category is a value as text, cut to this many characters (a long text is still one category). */
export const MAX_CATEGORY_LENGTH = 128;

export interface CategoryCounts {
  values: Record<string, number>;
  other: number;
}

export function emptyCategories(): CategoryCounts {
  return { values: {}, other: 0 };
}

/** The category of a value: text, number or boolean as text; undefined for objects and lists. */
export function categoryOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.slice(0, MAX_CATEGORY_LENGTH);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Adds one value: O(1) while the value is kept or there is room, else it counts as other. */
export function addCategory(counts: CategoryCounts, category: string): void {
  const current = counts.values[category];
  if (current !== undefined) counts.values[category] = current + 1;
  else if (Object.keys(counts.values).length < CATEGORY_LIMIT) counts.values[category] = 1;
  else counts.other += 1;
}

const byFrequency = ([leftValue, leftCount]: [string, number], [rightValue, rightCount]: [string, number]) =>
  rightCount - leftCount || (leftValue < rightValue ? -1 : leftValue > rightValue ? 1 : 0);

/** Adds two states; beyond the limit the least frequent values fold into other. */
export function mergeCategories(left: CategoryCounts | null, right: CategoryCounts | null): CategoryCounts | null {
  if (left === null) return right;
  if (right === null) return left;
  const merged: Record<string, number> = { ...left.values };
  for (const [value, count] of Object.entries(right.values)) merged[value] = (merged[value] ?? 0) + count;
  let other = left.other + right.other;
  const entries = Object.entries(merged);
  if (entries.length <= CATEGORY_LIMIT) return { values: merged, other };
  entries.sort(byFrequency);
  for (const [, count] of entries.slice(CATEGORY_LIMIT)) other += count;
  return { values: Object.fromEntries(entries.slice(0, CATEGORY_LIMIT)), other };
}
