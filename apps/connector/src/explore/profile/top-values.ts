/** One monitored value: `count` may overstate the truth by at most `error` (space-saving guarantee). */
export interface TopValueEntry {
  value: string;
  count: number;
  error: number;
}

export const TOP_VALUES_CAPACITY = 20;

/**
 * Space-saving sketch (Metwally, Agrawal, El Abbadi 2005): at most `capacity` monitored values; an
 * unmonitored value replaces the entry with the smallest count and inherits that count as its error.
 * Every value occurring more than total/capacity times is monitored. O(capacity) per update, which
 * is constant; merging adds counts of shared values, keeps the rest, and trims to capacity.
 */
export class TopValues {
  private readonly entries = new Map<string, TopValueEntry>();

  constructor(
    readonly capacity = TOP_VALUES_CAPACITY,
    entries: readonly TopValueEntry[] = [],
  ) {
    for (const entry of entries) this.entries.set(entry.value, { ...entry });
  }

  add(value: string, count = 1): void {
    const monitored = this.entries.get(value);
    if (monitored) {
      monitored.count += count;
      return;
    }
    if (this.entries.size < this.capacity) {
      this.entries.set(value, { value, count, error: 0 });
      return;
    }
    let smallest: TopValueEntry | undefined;
    for (const entry of this.entries.values()) if (!smallest || entry.count < smallest.count) smallest = entry;
    this.entries.delete(smallest!.value);
    this.entries.set(value, { value, count: smallest!.count + count, error: smallest!.count });
  }

  merge(other: TopValues): void {
    const combined = new Map<string, TopValueEntry>();
    for (const entry of [...this.entries.values(), ...other.entries.values()]) {
      const known = combined.get(entry.value);
      if (known) {
        known.count += entry.count;
        known.error += entry.error;
      } else combined.set(entry.value, { ...entry });
    }
    this.entries.clear();
    for (const entry of sortByCount([...combined.values()]).slice(0, this.capacity)) this.entries.set(entry.value, entry);
  }

  /** The monitored values, most frequent first (ties by value, so the order is stable). */
  list(): TopValueEntry[] {
    return sortByCount([...this.entries.values()].map((entry) => ({ ...entry })));
  }
}

function sortByCount(entries: TopValueEntry[]): TopValueEntry[] {
  return entries.sort((left, right) => right.count - left.count || (left.value < right.value ? -1 : left.value > right.value ? 1 : 0));
}
