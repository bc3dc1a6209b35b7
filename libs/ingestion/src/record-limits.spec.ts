import { DEFAULT_RECORD_LIMITS, recordProblemOf, sizeProblemOf } from './record-limits';

describe('recordProblemOf', () => {
  const limits = { ...DEFAULT_RECORD_LIMITS, MAX_RECORD_BYTES: 20 };

  it('accepts a record within every limit', () => {
    expect(recordProblemOf({ a: 'b' }, 0, limits)).toBeUndefined();
  });

  it('checks the content before the size, so a too-deep record is never serialised', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`);
    expect(recordProblemOf(deep, 2, limits)).toMatchObject({ index: 2, rule: 'MAX_NESTING_DEPTH', maximum: 32 });
  });

  it('measures the record as JSON against MAX_RECORD_BYTES', () => {
    expect(recordProblemOf({ name: 'x'.repeat(20) }, 1, limits)).toEqual({
      index: 1,
      rule: 'MAX_RECORD_BYTES',
      maximum: 20,
      actual: 31,
      message: '31 bytes as JSON, over the limit of 20 (MAX_RECORD_BYTES)',
    });
    expect(sizeProblemOf(20, 0, limits)).toBeUndefined();
  });
});
