/** One monitored value: it occurred at least `count − error` and at most `count` times. */
export interface TopValueEntry {
  value: string;
  count: number;
  error: number;
}

/** Values monitored per field: a field with fewer distinct top-value keys than this is counted exactly. */
export const TOP_VALUES_CAPACITY = 64;

/**
 * A mergeable space-saving sketch (Metwally, Agrawal, El Abbadi 2005; the merge of Cafaro, Pulimeno,
 * Tempesta 2016, equivalent to the Misra-Gries merge of Agarwal et al. 2012). Invariants, kept by
 * `add` and `merge` alike, over the N values summarised:
 * - a monitored value occurred between `count − error` and `count` times;
 * - any other value occurred at most `otherValuesAtMost` times, and every `error` is at most that;
 * - `otherValuesAtMost` ≤ N / capacity, so every value occurring more often is monitored;
 * - while the summarised values hold fewer distinct values than the capacity, every count is exact
 *   (errors and `otherValuesAtMost` are 0).
 * Merging must account for what a sketch no longer monitors: a value monitored by one side only is
 * credited the other side's `otherValuesAtMost` (as count and as error). Adding only the counts both
 * sides hold, as a plain union does, under-counts a value evicted from one side.
 */
export class TopValues {
  private readonly entries = new Map<string, TopValueEntry>();
  private otherBound: number;

  constructor(
    readonly capacity = TOP_VALUES_CAPACITY,
    entries: readonly TopValueEntry[] = [],
    otherValuesAtMost = 0,
  ) {
    for (const entry of entries) this.entries.set(entry.value, { ...entry });
    this.otherBound = otherValuesAtMost;
  }

  /** No value outside `list()` occurred more often than this. */
  get otherValuesAtMost(): number {
    return this.otherBound;
  }

  /** O(capacity) at worst (a new value in a full sketch), constant otherwise. */
  add(value: string, count = 1): void {
    const monitored = this.entries.get(value);
    if (monitored) {
      monitored.count += count;
      return;
    }
    if (this.entries.size < this.capacity) {
      // The value may have occurred up to otherBound times already (0 while the sketch never filled).
      this.entries.set(value, { value, count: this.otherBound + count, error: this.otherBound });
      return;
    }
    const smallest = this.smallestEntry();
    this.entries.delete(smallest.value);
    this.otherBound = Math.max(this.otherBound, smallest.count);
    this.entries.set(value, { value, count: smallest.count + count, error: smallest.count });
  }

  merge(other: TopValues): void {
    const combined = new Map<string, TopValueEntry>();
    for (const entry of this.entries.values()) {
      const theirs = other.entries.get(entry.value);
      combined.set(entry.value, {
        value: entry.value,
        count: entry.count + (theirs?.count ?? other.otherBound),
        error: entry.error + (theirs?.error ?? other.otherBound),
      });
    }
    for (const entry of other.entries.values()) {
      if (combined.has(entry.value)) continue;
      combined.set(entry.value, { value: entry.value, count: entry.count + this.otherBound, error: entry.error + this.otherBound });
    }
    // A value monitored by neither side occurred at most both bounds together.
    let otherBound = this.otherBound + other.otherBound;
    const sorted = sortByCount([...combined.values()]);
    // Values trimmed here keep a count no greater than the smallest one kept.
    for (const trimmed of sorted.slice(this.capacity)) otherBound = Math.max(otherBound, trimmed.count);
    this.entries.clear();
    for (const entry of sorted.slice(0, this.capacity)) this.entries.set(entry.value, entry);
    this.otherBound = otherBound;
  }

  /** The monitored values, most frequent first (ties by value, so the order is stable). */
  list(): TopValueEntry[] {
    return sortByCount([...this.entries.values()].map((entry) => ({ ...entry })));
  }

  private smallestEntry(): TopValueEntry {
    let smallest: TopValueEntry | undefined;
    for (const entry of this.entries.values()) {
      if (!smallest || entry.count < smallest.count) smallest = entry;
      // No monitored count is below otherBound: an entry at it is a smallest one, so stop looking.
      if (smallest.count <= this.otherBound) break;
    }
    return smallest!;
  }
}

function sortByCount(entries: TopValueEntry[]): TopValueEntry[] {
  return entries.sort((left, right) => right.count - left.count || (left.value < right.value ? -1 : left.value > right.value ? 1 : 0));
}
