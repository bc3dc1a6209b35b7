import { ABSENT_LABEL, BoundedLabel, MALFORMED_LABEL, OVERFLOW_LABEL } from './bounded-labels';

describe('BoundedLabel', () => {
  it('keeps the first distinct values and folds later ones into one overflow label', () => {
    const label = new BoundedLabel(2, /^[a-z]+$/);
    expect(['people', 'orders', 'people', 'invoices', 'orders'].map((value) => label.of(value))).toEqual([
      'people',
      'orders',
      'people',
      OVERFLOW_LABEL,
      'orders',
    ]);
  });

  it('never lets a malformed or absent value through', () => {
    const label = new BoundedLabel(10, /^[a-z]+$/);
    expect([label.of('jane@example.com'), label.of(''), label.of(undefined), label.of(null)]).toEqual([
      MALFORMED_LABEL,
      ABSENT_LABEL,
      ABSENT_LABEL,
      ABSENT_LABEL,
    ]);
  });
});
