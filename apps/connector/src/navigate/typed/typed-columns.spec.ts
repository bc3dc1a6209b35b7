import { columnNameProblem, columnTypeOf, fitValue, quoteIdentifier, typedTableName } from './typed-columns';

describe('columnTypeOf', () => {
  it('maps each ODCS logical type to its PostgreSQL column type', () => {
    const types = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp', 'time', 'object', 'array', undefined] as const;
    expect(types.map((logicalType) => columnTypeOf({ logicalType }))).toEqual(['text', 'bigint', 'numeric', 'boolean', 'date', 'timestamptz', 'time', 'jsonb', 'jsonb', 'jsonb']);
  });

  it('keeps dates, timestamps and times with a contract-specific format as text', () => {
    expect(columnTypeOf({ logicalType: 'date', format: 'M/d/yyyy' })).toBe('text');
    expect(columnTypeOf({ logicalType: 'timestamp', format: 'yyyy-MM-dd HH:mm' })).toBe('text');
    expect(columnTypeOf({ logicalType: 'time', format: 'HH:mm' })).toBe('text');
  });
});

describe('identifiers', () => {
  it('quotes names, doubling embedded quotes, and refuses what PostgreSQL would cut or cannot hold', () => {
    expect(quoteIdentifier('Number')).toBe('"Number"');
    expect(quoteIdentifier('a"; DROP TABLE x; --')).toBe('"a""; DROP TABLE x; --"');
    expect(quoteIdentifier('é'.repeat(31))).toBe(`"${'é'.repeat(31)}"`);
    expect(() => quoteIdentifier('é'.repeat(32))).toThrow('identifier is longer than 63 bytes (PostgreSQL would cut it)');
    expect(() => quoteIdentifier('')).toThrow('identifier is empty');
    expect(() => quoteIdentifier('a\u0000b')).toThrow('identifier holds a control character');
  });

  it('keeps the atlas_ prefix for Atlas columns', () => {
    expect(columnNameProblem('atlas_record_id')).toBe('starts with "atlas_", which Atlas keeps for its own columns');
    expect(columnNameProblem('Atlas_note')).toBeUndefined();
    expect(columnNameProblem('x'.repeat(64))).toBe('is longer than 63 bytes (PostgreSQL would cut it)');
  });

  it('names a table after its source id, and refuses anything else', () => {
    expect(typedTableName('fake-names')).toBe('"navigate_typed"."fake-names"');
    expect(() => typedTableName('People')).toThrow('dataset id is not a source id');
    expect(() => typedTableName('a"b')).toThrow('dataset id is not a source id');
  });
});

describe('fitValue', () => {
  it('passes values that fit as bind parameters, absent ones as NULL', () => {
    expect(fitValue('Lyon', 'text')).toEqual({ fits: true, parameter: 'Lyon' });
    expect(fitValue(42, 'bigint')).toEqual({ fits: true, parameter: '42' });
    expect(fitValue(-0.5, 'numeric')).toEqual({ fits: true, parameter: '-0.5' });
    expect(fitValue(false, 'boolean')).toEqual({ fits: true, parameter: 'false' });
    expect(fitValue('2024-02-29', 'date')).toEqual({ fits: true, parameter: '2024-02-29' });
    expect(fitValue('2024-02-29T10:00:00.123456+02:00', 'timestamptz')).toEqual({ fits: true, parameter: '2024-02-29T10:00:00.123456+02:00' });
    expect(fitValue('2024-02-29 10:00', 'timestamptz')).toEqual({ fits: true, parameter: '2024-02-29 10:00Z' });
    expect(fitValue('23:59:59', 'time')).toEqual({ fits: true, parameter: '23:59:59' });
    expect(fitValue({ a: [1] }, 'jsonb')).toEqual({ fits: true, parameter: '{"a":[1]}' });
    expect(fitValue(null, 'bigint')).toEqual({ fits: true, parameter: null });
    expect(fitValue(undefined, 'date')).toEqual({ fits: true, parameter: null });
  });

  it('refuses values that do not fit, naming what they are, never coercing them', () => {
    expect(fitValue('<PHONE_NUMBER>', 'bigint')).toEqual({ fits: false, problem: 'a string does not fit bigint' });
    expect(fitValue('42', 'bigint')).toEqual({ fits: false, problem: 'a string does not fit bigint' });
    expect(fitValue(4.5, 'bigint')).toEqual({ fits: false, problem: 'a fractional number does not fit bigint' });
    expect(fitValue(2 ** 60, 'bigint')).toEqual({ fits: false, problem: 'an integer beyond 2^53 (not exact) does not fit bigint' });
    expect(fitValue(42, 'text')).toEqual({ fits: false, problem: 'an integer does not fit text' });
    expect(fitValue('true', 'boolean')).toEqual({ fits: false, problem: 'a string does not fit boolean' });
    expect(fitValue([1], 'numeric')).toEqual({ fits: false, problem: 'an array does not fit numeric' });
    expect(fitValue('2023-02-29', 'date')).toEqual({ fits: false, problem: 'a string that is not an ISO date (yyyy-MM-dd) does not fit date' });
    expect(fitValue(20240101, 'date')).toEqual({ fits: false, problem: 'an integer does not fit date' });
    expect(fitValue('2024-01-01T24:00', 'timestamptz')).toEqual({ fits: false, problem: 'a string that is not an ISO timestamp (at most microseconds) does not fit timestamptz' });
    expect(fitValue('2024-01-01T10:00:00.1234567Z', 'timestamptz')).toEqual({ fits: false, problem: 'a string that is not an ISO timestamp (at most microseconds) does not fit timestamptz' });
    expect(fitValue('10:00+02:00', 'time')).toEqual({ fits: false, problem: 'a string that is not an ISO time without offset does not fit time' });
  });
});
