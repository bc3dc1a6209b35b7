import { RecognizerResult } from '../detection/detection.types';
import { repeatTo, SIZE_LIMIT, timeAtQuarterAndFull, violations } from '../detection/linear-time.spec-helper';
import { dropContradicted, dropInsideIdentifierTokens, isIdentifierName, isNumberOfNoEntity, isOpaqueIdentifier, isVersion, phoneByFieldName } from './value-rules';

const span = (text: string, value: string, entityType: RecognizerResult['entityType'], validated = false): RecognizerResult => {
  const start = text.indexOf(value);
  return { entityType, start, end: start + value.length, score: 0.7, recognizer: 'test', validated };
};
const read = { systemTime: false, personalDate: false, version: false, phone: false };

describe('value rules', () => {
  it('tells opaque identifiers, versions and numbers no entity can be', () => {
    expect(['0b7c3a52-9d1e-4f60-8a2b-1c3d4e5f6a7b', '9e107d9d372bb6826bd81d3542a419d6'].map(isOpaqueIdentifier)).toEqual([true, true]);
    // All digits may be a card number; too short is no hash.
    expect(['4111111111111111', 'abc123', 'jane@example.com'].map(isOpaqueIdentifier)).toEqual([false, false, false]);
    expect(['1.2.3', 'v2.10.1-rc.1', '1.2.3.4', '2024', 'a.b'].map(isVersion)).toEqual([true, true, true, false, false]);
    expect([12.5, 999999, 1987, 1000000, 4155550123, '12', Number.NaN].map(isNumberOfNoEntity)).toEqual([true, true, true, false, false, false, false]);
  });

  it('reads surrogate-key names, never personal ids', () => {
    expect(['id', 'order_id', 'requestKey', 'sha256', 'sku', 'order_number'].map(isIdentifierName)).toEqual([true, true, true, true, true, true]);
    expect(['tax_id', 'national_id', 'passport_key', 'name', 'iban_code'].map(isIdentifierName)).toEqual([false, false, false, false, false]);
  });

  it('drops findings the field name contradicts: versions, system times, bare years', () => {
    const ip = [span('1.2.3.4', '1.2.3.4', 'IP_ADDRESS', true)];
    expect(dropContradicted({ ...read, version: true }, '1.2.3.4', ip)).toEqual([]);
    expect(dropContradicted(read, '1.2.3.4', ip)).toBe(ip);
    const timestamp = '2026-01-04T10:00:00Z by ada@x.com';
    const found = [span(timestamp, '2026-01-04T10:00:00Z', 'DATE_TIME'), span(timestamp, 'ada@x.com', 'EMAIL_ADDRESS', true)];
    expect(dropContradicted({ ...read, systemTime: true }, timestamp, found)).toEqual([found[1]]);
    const year = [span('1987', '1987', 'DATE_TIME')];
    expect(dropContradicted(read, '1987', year)).toEqual([]);
    expect(dropContradicted({ ...read, personalDate: true }, '1987', year)).toBe(year);
  });

  it('finds bare phone digits only in a phone-named field and only when nothing else was found', () => {
    expect(phoneByFieldName({ ...read, phone: true }, ' 4155550123', [])).toEqual({ entityType: 'PHONE_NUMBER', start: 1, end: 11, score: 0.6, recognizer: 'field-name', validated: false });
    expect(phoneByFieldName({ ...read, phone: true }, '+1 (415) 555-0123', [])).toMatchObject({ start: 0, end: 17 });
    expect(phoneByFieldName(read, '4155550123', [])).toBeUndefined();
    expect(phoneByFieldName({ ...read, phone: true }, '12345', [])).toBeUndefined();
    expect(phoneByFieldName({ ...read, phone: true }, 'call 4155550123', [])).toBeUndefined();
  });

  it('drops unvalidated spans inside identifier tokens and keeps whole words and validated spans', () => {
    const text = 'ORD-7ADA1 for Ada, ref 3fada9c1, card 4111111111111111';
    const results = [span(text, 'ADA', 'PERSON'), span(text, 'Ada', 'PERSON'), span(text, 'ada', 'PERSON'), span(text, '4111111111111111', 'CREDIT_CARD', true)];
    expect(dropInsideIdentifierTokens(text, results)).toEqual([results[1], results[3]]);
  });

  it('drops an unvalidated span that is a whole identifier token or a segment of a joined one, as the analyzer reads tokens', () => {
    const text = 'code AB12CD, order ORD-2024-Smith, ticket 42.The end';
    const results = [span(text, 'AB12CD', 'US_DRIVER_LICENSE'), span(text, 'ORD', 'NRP'), span(text, 'Smith', 'PERSON'), span(text, 'The', 'PERSON')];
    // `Smith` is a plain word glued to a number and `The` follows a full stop: neither is part of an identifier.
    expect(dropInsideIdentifierTokens(text, results)).toEqual([results[2], results[3]]);
  });

  it('stays linear with every span inside one huge identifier token', () => {
    const timings = ['a1', 'ab12-'].map((unit) =>
      timeAtQuarterAndFull(JSON.stringify(unit), SIZE_LIMIT, (size) => {
        const text = repeatTo(unit, size);
        const results: RecognizerResult[] = [];
        for (let start = 1; start + 1 < text.length; start += 3) results.push({ entityType: 'PERSON', start, end: start + 1, score: 0.85, recognizer: 'test', validated: false });
        if (dropInsideIdentifierTokens(text, results).length !== 0) throw new Error('a span inside the token was kept');
      }, 100),
    );
    expect(violations(timings, 100)).toEqual([]);
  }, 60_000);
});
