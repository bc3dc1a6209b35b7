import { TopValues } from './top-values';

/** A deterministic pseudo-random sequence in [0, 1) (a 32-bit linear congruential generator). */
function randomSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Sketches each batch on its own, then merges the batch sketches one by one, as the Explore stage does. */
function sketchInBatches(batches: readonly string[][], capacity: number): TopValues {
  const run = new TopValues(capacity);
  for (const batch of batches) {
    const sketch = new TopValues(capacity);
    for (const value of batch) sketch.add(value);
    run.merge(sketch);
  }
  return run;
}

function exactCounts(batches: readonly string[][]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of batches.flat()) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Every guarantee the sketch documents, checked against the exact counts; returns the broken ones. */
function brokenGuarantees(sketch: TopValues, exact: Map<string, number>, total: number): string[] {
  const broken: string[] = [];
  const listed = new Map(sketch.list().map((entry) => [entry.value, entry]));
  if (sketch.otherValuesAtMost > total / sketch.capacity) broken.push(`otherValuesAtMost ${sketch.otherValuesAtMost} > N / capacity`);
  for (const [value, count] of exact) {
    const entry = listed.get(value);
    if (entry) {
      if (entry.count < count || entry.count - entry.error > count) broken.push(`${value}: true ${count} outside [${entry.count - entry.error}, ${entry.count}]`);
      if (entry.error > sketch.otherValuesAtMost) broken.push(`${value}: error ${entry.error} > otherValuesAtMost`);
    } else {
      if (count > sketch.otherValuesAtMost) broken.push(`${value}: unlisted but occurred ${count} times`);
      if (count > total / sketch.capacity) broken.push(`${value}: occurred ${count} > N / capacity times, unlisted`);
    }
  }
  return broken;
}

describe('TopValues (mergeable space-saving)', () => {
  it('counts exactly while the values fit, most frequent first, ties by value', () => {
    const top = new TopValues(3);
    for (const value of ['b', 'a', 'b', 'c', 'b', 'a']) top.add(value);
    expect(top.list()).toEqual([
      { value: 'b', count: 3, error: 0 },
      { value: 'a', count: 2, error: 0 },
      { value: 'c', count: 1, error: 0 },
    ]);
    expect(top.otherValuesAtMost).toBe(0);
  });

  it('replaces the least counted entry, which passes its count on as the error and as the bound of the others', () => {
    const top = new TopValues(2);
    for (const value of ['a', 'a', 'a', 'b', 'c']) top.add(value);
    expect(top.list()).toEqual([
      { value: 'a', count: 3, error: 0 },
      { value: 'c', count: 2, error: 1 },
    ]);
    expect(top.otherValuesAtMost).toBe(1);
  });

  it('credits a value one side does not monitor with that side’s bound, and trims to capacity', () => {
    // left summarises a a a a a b b x (x evicted: otherValuesAtMost 1); right: b b b c c c y (y evicted).
    const left = new TopValues(2, [
      { value: 'a', count: 5, error: 0 },
      { value: 'b', count: 3, error: 1 },
    ], 1);
    const right = new TopValues(2, [
      { value: 'b', count: 4, error: 1 },
      { value: 'c', count: 3, error: 0 },
    ], 1);
    left.merge(right);
    // b: 3 + 4, errors 1 + 1; a: 5 + right's bound 1; c: 3 + left's bound 1, trimmed (4 ≤ the kept 6).
    expect(left.list()).toEqual([
      { value: 'b', count: 7, error: 2 },
      { value: 'a', count: 6, error: 1 },
    ]);
    expect(left.otherValuesAtMost).toBe(4);
  });

  it('merges small sketches exactly: 30 values over 6 batches of 500, capacity 64', () => {
    const random = randomSequence(7);
    const batches = Array.from({ length: 6 }, () => Array.from({ length: 500 }, () => `C${Math.floor(random() * random() * 30)}`));
    const exact = exactCounts(batches);
    const sketch = sketchInBatches(batches, 64);
    expect(sketch.list()).toEqual(
      [...exact]
        .map(([value, count]) => ({ value, count, error: 0 }))
        .sort((left, right) => right.count - left.count || (left.value < right.value ? -1 : 1)),
    );
    expect(sketch.otherValuesAtMost).toBe(0);
  });

  it('keeps its guarantees over 40 batches of skewed values, with more distinct values than its capacity', () => {
    const random = randomSequence(42);
    // Zipf-like: value k drawn with a weight of about 1/k, among 400; plus a value absent from the
    // first 20 batches (one occurrence in batch 3) and frequent in the last 20.
    const batches = Array.from({ length: 40 }, (_, batch) => {
      const values = Array.from({ length: 250 }, () => `v${Math.floor(Math.exp(random() * Math.log(400)))}`);
      if (batch === 3) values.push('late');
      if (batch >= 20) for (let index = 0; index < 15; index++) values.splice(Math.floor(random() * values.length), 0, 'late');
      return values;
    });
    const exact = exactCounts(batches);
    const total = batches.flat().length;
    expect(exact.size).toBeGreaterThan(64);
    expect(exact.get('late')).toBe(301);

    const sketch = sketchInBatches(batches, 20);
    expect(brokenGuarantees(sketch, exact, total)).toEqual([]);
    const late = sketch.list().find((entry) => entry.value === 'late')!;
    expect(late.count).toBeGreaterThanOrEqual(301);
    expect(late.count - late.error).toBeLessThanOrEqual(301);
    // The most frequent value comes first and is counted within the bound.
    const [mostFrequent] = [...exact].sort((left, right) => right[1] - left[1]);
    expect(sketch.list()[0].value).toBe(mostFrequent[0]);

    // The same stream in one sketch keeps the same guarantees.
    const single = new TopValues(20);
    for (const value of batches.flat()) single.add(value);
    expect(brokenGuarantees(single, exact, total)).toEqual([]);
  });

  it('keeps its guarantees when sketches of very different sizes and fullness merge', () => {
    const random = randomSequence(3);
    const batches = Array.from({ length: 60 }, (_, batch) =>
      Array.from({ length: batch % 3 === 0 ? 400 : 7 }, () => `w${Math.floor(random() * (batch % 2 === 0 ? 200 : 12))}`),
    );
    const sketch = sketchInBatches(batches, 16);
    expect(brokenGuarantees(sketch, exactCounts(batches), batches.flat().length)).toEqual([]);
    expect(sketch.list()).toHaveLength(16);
  });

  it('restores from its stored entries and bound, and merging an empty sketch changes nothing', () => {
    const top = new TopValues(2);
    for (const value of ['a', 'a', 'b', 'c', 'd']) top.add(value);
    const restored = new TopValues(2, top.list(), top.otherValuesAtMost);
    restored.merge(new TopValues(2));
    expect(restored.list()).toEqual(top.list());
    expect(restored.otherValuesAtMost).toBe(top.otherValuesAtMost);
  });
});
