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

  it('reports the first problem in document order, with positions only in its path', () => {
    const tight = { ...DEFAULT_RECORD_LIMITS, MAX_STRING_LENGTH: 3, MAX_KEY_LENGTH: 3 };
    const long = 'x'.repeat(4);
    // Inside the first member, before the later member's own problem.
    expect(recordProblemOf({ a: { b: ['ok', long] }, c: long }, 7, tight)).toMatchObject({ rule: 'MAX_STRING_LENGTH', path: '$[7]{0}{0}[1]' });
    // A key is checked before its value, and before the members after it.
    expect(recordProblemOf({ a: 1, [long]: long, b: long }, 0, tight)).toMatchObject({ rule: 'MAX_KEY_LENGTH', path: '$[0]{1}' });
    expect(recordProblemOf({ a: [1, { b: 'a\u0000' }], c: 'a\ud800' }, 0, tight)).toMatchObject({ rule: 'NUL_CHARACTER', path: '$[0]{0}[1]{0}' });
    expect(recordProblemOf({ a: [1, {}, []], c: 'a\udc00' }, 0, tight)).toMatchObject({ rule: 'UNPAIRED_SURROGATE', path: '$[0]{1}' });
    expect(recordProblemOf({ a: [[], {}], b: { c: [true, null, 2.5, 'abc'] } }, 0, tight)).toBeUndefined();
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
