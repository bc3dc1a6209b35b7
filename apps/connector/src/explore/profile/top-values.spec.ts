import { TopValues } from './top-values';

describe('TopValues (space-saving)', () => {
  it('counts exactly while the values fit, most frequent first, ties by value', () => {
    const top = new TopValues(3);
    for (const value of ['b', 'a', 'b', 'c', 'b', 'a']) top.add(value);
    expect(top.list()).toEqual([
      { value: 'b', count: 3, error: 0 },
      { value: 'a', count: 2, error: 0 },
      { value: 'c', count: 1, error: 0 },
    ]);
  });

  it('replaces the least counted entry, which passes its count on as the error bound', () => {
    const top = new TopValues(2);
    for (const value of ['a', 'a', 'a', 'b', 'c']) top.add(value);
    expect(top.list()).toEqual([
      { value: 'a', count: 3, error: 0 },
      { value: 'c', count: 2, error: 1 },
    ]);
  });

  it('keeps every value more frequent than total / capacity in a long skewed stream', () => {
    const top = new TopValues(20);
    // 10,000 values: "US" 3,000 times, "GL" 1,000 times, and 6,000 distinct rare ones interleaved.
    for (let index = 0; index < 10_000; index++) {
      if (index % 10 < 3) top.add('US');
      else if (index % 10 === 3) top.add('GL');
      else top.add(`rare-${index}`);
    }
    const listed = top.list();
    expect(listed[0]).toMatchObject({ value: 'US' });
    expect(listed[0].count - listed[0].error).toBeLessThanOrEqual(3000);
    expect(listed[0].count).toBeGreaterThanOrEqual(3000);
    expect(listed[1]).toMatchObject({ value: 'GL' });
    expect(listed[1].count).toBeGreaterThanOrEqual(1000);
    expect(listed).toHaveLength(20);
  });

  it('merges two sketches by adding shared counts and trimming to capacity', () => {
    const left = new TopValues(2, [
      { value: 'a', count: 5, error: 0 },
      { value: 'b', count: 2, error: 0 },
    ]);
    const right = new TopValues(2, [
      { value: 'b', count: 4, error: 1 },
      { value: 'c', count: 3, error: 0 },
    ]);
    left.merge(right);
    expect(left.list()).toEqual([
      { value: 'b', count: 6, error: 1 },
      { value: 'a', count: 5, error: 0 },
    ]);
  });
});
