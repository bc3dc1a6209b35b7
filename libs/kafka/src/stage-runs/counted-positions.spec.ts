import { chunkOf, chunksOf, markCounted, POSITIONS_PER_CHUNK } from './counted-positions';

describe('counted positions (one bit per record of a run, in chunks)', () => {
  it('puts a position in its chunk', () => {
    expect([chunkOf(0), chunkOf(8191), chunkOf(8192), chunkOf(20000)]).toEqual([0, 0, 1, 2]);
    expect(chunksOf([5, 8191, 8192, 7, 20000])).toEqual([0, 1, 2]);
    expect(POSITIONS_PER_CHUNK).toBe(8192);
  });

  it('returns the positions not counted before, each once, and the changed bitmaps, leaving the stored ones alone', () => {
    const stored = new Map([[0, Uint8Array.from({ length: 1024 }, (_unused, index) => (index === 0 ? 0b0000_0101 : 0))]]);
    const { fresh, changed } = markCounted(stored, [0, 1, 2, 1, 8192 + 9]);
    expect([...fresh]).toEqual([1, 8192 + 9]);
    expect([...changed.keys()]).toEqual([0, 1]);
    expect(changed.get(0)![0]).toBe(0b0000_0111);
    expect(changed.get(1)![1]).toBe(0b0000_0010);
    expect(changed.get(1)!.length).toBe(1024);
    expect(stored.get(0)![0]).toBe(0b0000_0101);
  });

  it('changes nothing when every position was counted', () => {
    const stored = new Map([[0, Uint8Array.from({ length: 1024 }, (_unused, index) => (index === 0 ? 0b1000_0000 : 0))]]);
    expect(markCounted(stored, [7, 7])).toEqual({ fresh: new Set(), changed: new Map() });
  });
});
