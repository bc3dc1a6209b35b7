import { ContextEnhancer, fieldNameWords, splitWords } from './context';
import type { RecognizerResult } from './detection.types';

function weak(text: string, value: string, entityType: RecognizerResult['entityType'], score = 0.3, validated = false): RecognizerResult {
  const start = text.indexOf(value);
  return { entityType, start, end: start + value.length, score, recognizer: 'test', validated };
}

describe('fieldNameWords', () => {
  it.each([
    ['customer_phone', ['customer', 'phone']],
    ['CustomerPhone', ['customer', 'phone']],
    ['customerPhone', ['customer', 'phone']],
    ['ssn_last4', ['ssn', 'last', '4']],
    ['dob', ['dob']],
    ['billing-address.line1', ['billing', 'address', 'line', '1']],
    ['IBANCode', ['iban', 'code']],
  ])('%s → %j', (field, words) => {
    expect(fieldNameWords(field)).toEqual(words);
  });
  it('splits text into lower-case whole words', () => {
    expect(splitWords("Driver's LIC#: x-1")).toEqual(['driver', 's', 'lic', 'x', '1']);
  });
});

describe('ContextEnhancer', () => {
  const enhancer = new ContextEnhancer();

  it('matches whole words only: "lic" does not match "duplicate" or "public"', () => {
    const text = 'duplicate public record A1234567';
    const [r] = enhancer.enhance(text, [weak(text, 'A1234567', 'US_DRIVER_LICENSE')]);
    expect(r.score).toBe(0.3);
    const text2 = 'lic A1234567';
    expect(enhancer.enhance(text2, [weak(text2, 'A1234567', 'US_DRIVER_LICENSE')])[0].score).toBeCloseTo(0.65);
  });

  it('looks at words before and after the match', () => {
    const after = '2813882583 mobile';
    expect(enhancer.enhance(after, [weak(after, '2813882583', 'PHONE_NUMBER', 0.4)])[0].score).toBeCloseTo(0.75);
    const far = 'phone one two three four five six 2813882583';
    expect(enhancer.enhance(far, [weak(far, '2813882583', 'PHONE_NUMBER', 0.4)])[0].score).toBe(0.4);
    const narrow = new ContextEnhancer({ windowBefore: 1, windowAfter: 0 });
    const text = 'phone is 2813882583';
    expect(narrow.enhance(text, [weak(text, '2813882583', 'PHONE_NUMBER', 0.4)])[0].score).toBe(0.4);
  });

  it('matches multi-word phrases as consecutive words', () => {
    const text = 'social security number 536323065';
    const enhancerPhrase = new ContextEnhancer({ contextWords: { US_SSN: ['social security'] } });
    expect(enhancerPhrase.enhance(text, [weak(text, '536323065', 'US_SSN', 0.05)])[0].score).toBeCloseTo(0.6);
    const split = 'security is social 536323065';
    expect(enhancerPhrase.enhance(split, [weak(split, '536323065', 'US_SSN', 0.05)])[0].score).toBe(0.05);
  });

  it('uses the field name as context', () => {
    const [r] = enhancer.enhance('2813882583', [weak('2813882583', '2813882583', 'PHONE_NUMBER', 0.4)], 'customer_phone');
    expect(r.score).toBeCloseTo(0.75);
    expect(r.explanation).toContain('field');
    const [d] = enhancer.enhance('1999', [weak('1999', '1999', 'DATE_TIME', 0.1)], 'dob');
    expect(d.score).toBeCloseTo(0.6);
  });

  it('negative context lowers weak matches; validated matches stay at 1.0', () => {
    const text = 'order 2813882583 shipped';
    expect(enhancer.enhance(text, [weak(text, '2813882583', 'PHONE_NUMBER', 0.7)])[0].score).toBeCloseTo(0.4);
    const v = weak(text, '2813882583', 'CREDIT_CARD', 1, true);
    expect(enhancer.enhance(text, [v])[0]).toBe(v);
  });

  it('enhanceInPlace replaces array entries, never the result objects, and agrees with enhance()', () => {
    const text = 'order 2813882583 or call 2813882584';
    const make = (): RecognizerResult[] => [weak(text, '2813882583', 'PHONE_NUMBER', 0.7), weak(text, '2813882584', 'PHONE_NUMBER', 0.4)];
    const expected = enhancer.enhance(text, make(), 'ticket_ref');
    const array = make();
    const originals = array.slice();
    enhancer.enhanceInPlace(text, array, 'ticket_ref');
    expect(array).toEqual(expected);
    expect(originals.map((r) => r.score)).toEqual([0.7, 0.4]);
    // Cached field verdicts give the same answer on the next call and for another field.
    expect(enhancer.enhance(text, make(), 'ticket_ref')).toEqual(expected);
    const [p] = enhancer.enhance(text, [weak(text, '2813882583', 'PHONE_NUMBER', 0.4)], 'mobile');
    expect(p.explanation).toContain('field');
    expect(fieldNameWords('customerPhone')).toBe(fieldNameWords('customerPhone'));
  });

  it('does not mutate its input', () => {
    const text = 'phone 2813882583';
    const input = weak(text, '2813882583', 'PHONE_NUMBER', 0.4);
    enhancer.enhance(text, [input]);
    expect(input.score).toBe(0.4);
  });
});
