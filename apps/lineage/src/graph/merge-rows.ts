/**
 * One row per key, in order of first appearance: `merge` folds each later row of a key into the kept
 * one. An upsert statement may touch a row only once, so a batch is merged before it is written.
 */
export function mergeBy<T>(rows: readonly T[], keyOf: (row: T) => string, merge: (kept: T, row: T) => T): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const key = keyOf(row);
    const kept = byKey.get(key);
    byKey.set(key, kept === undefined ? row : merge(kept, row));
  }
  return [...byKey.values()];
}
