/** Positions of a run are counted in chunks of this many, one bit each (a 1 KiB bitmap per chunk row). */
export const POSITIONS_PER_CHUNK = 8192;
const CHUNK_BYTES = POSITIONS_PER_CHUNK / 8;

/** The chunk that holds a position. */
export function chunkOf(position: number): number {
  return Math.floor(position / POSITIONS_PER_CHUNK);
}

/** The chunks a batch's positions fall in, each once. */
export function chunksOf(positions: readonly number[]): number[] {
  return [...new Set(positions.map(chunkOf))];
}

/**
 * Marks positions as counted in their chunks' bitmaps (bit n of a chunk is byte n >> 3, bit n & 7, as
 * PostgreSQL's get_bit/set_bit number them). Returns the positions not counted before, each once,
 * and the bitmaps that changed; the stored ones are not modified.
 */
export function markCounted(stored: ReadonlyMap<number, Uint8Array>, positions: readonly number[]): { fresh: Set<number>; changed: Map<number, Uint8Array> } {
  const fresh = new Set<number>();
  const changed = new Map<number, Uint8Array>();
  for (const position of positions) {
    const chunk = chunkOf(position);
    let bitmap = changed.get(chunk);
    if (!bitmap) {
      const before = stored.get(chunk);
      bitmap = new Uint8Array(CHUNK_BYTES);
      if (before) bitmap.set(before.subarray(0, CHUNK_BYTES));
    }
    const bit = position % POSITIONS_PER_CHUNK;
    const mask = 1 << (bit & 7);
    if ((bitmap[bit >> 3] & mask) !== 0) continue;
    bitmap[bit >> 3] |= mask;
    changed.set(chunk, bitmap);
    fresh.add(position);
  }
  return { fresh, changed };
}
