import { cellText, currentCursor, firstPage, nextPage, percent, previousPage, topValueLabel } from './dataset-values';

describe('dataset values', () => {
  it('writes typed cells as text', () => {
    expect([null, undefined, 42, true, '<EMAIL_ADDRESS>', { a: 1 }, [1, 2]].map(cellText)).toEqual(['—', '—', '42', 'true', '<EMAIL_ADDRESS>', '{"a":1}', '[1,2]']);
  });

  it('labels a top value by its value, else its shape, else its kind', () => {
    expect([{ value: 'NL', count: 3, error: 0 }, { shape: 'Aaaa', count: 2, error: 0 }, { kind: 'object', count: 2, error: 0 }].map(topValueLabel)).toEqual(['NL', 'shape Aaaa', 'object']);
  });

  it('writes shares as bounded percentages', () => {
    expect([0, 0.0416, 1, 1.2, -0.1].map(percent)).toEqual(['0.0%', '4.2%', '100.0%', '100.0%', '0.0%']);
  });

  it('walks cursor pages forward and back to the first page', () => {
    const second = nextPage(firstPage(), 'c1');
    const third = nextPage(second, 'c2');
    expect([currentCursor(firstPage()), currentCursor(second), currentCursor(third), currentCursor(previousPage(third)), currentCursor(previousPage(firstPage()))]).toEqual([null, 'c1', 'c2', 'c1', null]);
  });
});
