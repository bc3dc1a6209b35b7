import { dimensionFromOdcs, dimensionOf } from './quality-dimension';

describe('quality dimensions', () => {
  it('maps the ODCS dimensions to the six Atlas scores over', () => {
    expect(['accuracy', 'completeness', 'Conformity', 'consistency', 'coverage', 'timeliness', 'uniqueness', 'reliability', undefined].map(dimensionFromOdcs)).toEqual([
      'accuracy',
      'completeness',
      'validity',
      'consistency',
      'completeness',
      'timeliness',
      'uniqueness',
      undefined,
      undefined,
    ]);
  });

  it('derives a dimension from the check type unless the contract names one', () => {
    expect(dimensionOf({ type: 'not_null' })).toBe('completeness');
    expect(dimensionOf({ type: 'duplicates' })).toBe('uniqueness');
    expect(dimensionOf({ type: 'pattern' })).toBe('validity');
    expect(dimensionOf({ type: 'pattern', dimension: 'accuracy' })).toBe('accuracy');
  });
});
