import { mergeBy } from './merge-rows';

describe('mergeBy', () => {
  it('keeps one row per key in order of first appearance, folding later rows in', () => {
    const rows = [{ key: 'b', total: 1 }, { key: 'a', total: 2 }, { key: 'b', total: 3 }, { key: 'b', total: 4 }];
    expect(mergeBy(rows, (row) => row.key, (kept, row) => ({ key: kept.key, total: kept.total + row.total }))).toEqual([{ key: 'b', total: 8 }, { key: 'a', total: 2 }]);
  });

  it('returns an empty list for no rows', () => {
    expect(mergeBy([], () => 'x', (kept) => kept)).toEqual([]);
  });
});
