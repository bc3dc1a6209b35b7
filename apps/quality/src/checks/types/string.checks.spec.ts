import { checkOf } from '../check-fixtures.spec-helper';
import { codePointLength, formatCheckFactory, maxLengthCheckFactory, minLengthCheckFactory, patternCheckFactory } from './string.checks';

describe('pattern', () => {
  const check = checkOf(patternCheckFactory, { pattern: 'ACC[0-9]{8}' }, ['account_id']);

  it('searches the value like JSON Schema and measures a bounded copy of a failing value', () => {
    expect(check.evaluate('ACC12345678')).toEqual({ outcome: 'pass' });
    expect(check.evaluate('ACC1234')).toEqual({ outcome: 'fail', measuredValue: 'ACC1234', message: 'account_id does not match the pattern ACC[0-9]{8}' });
    expect(check.evaluate('x'.repeat(100)).measuredValue).toBe(`${'x'.repeat(64)}…`);
    expect(checkOf(patternCheckFactory, { pattern: '^\\p{Lu}' }).evaluate('Émile').outcome).toBe('pass');
  });

  it('does not judge non-strings or absent values', () => {
    expect(check.evaluate(12345678)).toEqual({ outcome: 'not_evaluated', message: 'not a string' });
    expect(check.evaluate(null)).toEqual({ outcome: 'not_evaluated', message: 'no value' });
  });

  it('refuses invalid and catastrophic patterns', () => {
    expect(patternCheckFactory.parameterProblem({ pattern: '([a-z]+' })).toBe('pattern is not a valid ECMA-262 regular expression');
    expect(patternCheckFactory.parameterProblem({ pattern: '(a+)+$' })).toBe('pattern nests quantifiers (catastrophic backtracking); Atlas refuses it');
    expect(patternCheckFactory.parameterProblem({ pattern: '' })).toBe('pattern must be a regular expression of 1-1000 characters');
  });
});

describe('format', () => {
  it.each([
    ['email', 'ann@example.org', 'ann@', 'contact is not a valid email'],
    ['uuid', '0190b8a4-0000-7000-8000-000000000000', '0190b8a4-0000', 'contact is not a valid uuid'],
    ['uri', 'https://example.org/a?b=c', 'not a uri', 'contact is not a valid uri'],
    ['hostname', 'db.example.org', '-bad-.org', 'contact is not a valid hostname'],
    ['ipv4', '192.168.0.1', '256.1.1.1', 'contact is not a valid ipv4'],
    ['ipv6', '2001:db8::1', '2001:db8:::1', 'contact is not a valid ipv6'],
    ['date', '2024-02-29', '2023-02-29', 'contact is not a valid date'],
    ['date-time', '2024-02-29T10:00:00Z', '2024-02-29 10:00', 'contact is not a valid date-time'],
    ['time', '10:00:00Z', '25:00:00Z', 'contact is not a valid time'],
    ['phone', '+351 912 345 678', '12-34', 'contact is not a valid phone'],
    ['byte', 'aGVsbG8=', 'not base64!', 'contact is not a valid byte'],
  ])('%s passes %j and fails %j', (format, good, bad, message) => {
    const check = checkOf(formatCheckFactory, { format }, ['contact']);
    expect(check.evaluate(good)).toEqual({ outcome: 'pass' });
    expect(check.evaluate(bad)).toEqual({ outcome: 'fail', measuredValue: bad, message });
  });

  it('names the formats it knows when given another one', () => {
    expect(formatCheckFactory.parameterProblem({ format: 'password' })).toBe('format "password" is not one Atlas checks (email, uuid, uri, url, hostname, ipv4, ipv6, date, date-time, time, byte, phone)');
  });
});

describe('min_length and max_length', () => {
  it('count code points and measure the length', () => {
    const max = checkOf(maxLengthCheckFactory, { limit: 3 }, ['code']);
    const min = checkOf(minLengthCheckFactory, { limit: 3 }, ['code']);
    expect(max.evaluate('😀😀😀')).toEqual({ outcome: 'pass' });
    expect(max.evaluate('abcd')).toEqual({ outcome: 'fail', measuredValue: 4, message: 'code has 4 characters, more than the maximum 3' });
    expect(min.evaluate('😀😀')).toEqual({ outcome: 'fail', measuredValue: 2, message: 'code has 2 characters, fewer than the minimum 3' });
    expect(min.evaluate('abc')).toEqual({ outcome: 'pass' });
    expect(min.evaluate(12)).toEqual({ outcome: 'not_evaluated', message: 'not a string' });
    expect(codePointLength('a😀b')).toBe(3);
    expect(minLengthCheckFactory.parameterProblem({ limit: -1 })).toBe('limit must be a non-negative integer');
  });
});
