import { mustHold, mustNotTrigger, parseCheckLine, parseValue } from './sodacl-expression';

describe('SodaCL expressions', () => {
  it('splits a check line into metric, columns and comparison', () => {
    expect(parseCheckLine('row_count > 0')).toEqual({ metric: 'row_count', arguments: [], comparison: '> 0' });
    expect(parseCheckLine('missing_count(email)')).toEqual({ metric: 'missing_count', arguments: ['email'] });
    expect(parseCheckLine('duplicate_count(tenant, order_id) = 0')).toEqual({ metric: 'duplicate_count', arguments: ['tenant', 'order_id'], comparison: '= 0' });
    expect(parseCheckLine('freshness(updated_at) < 1d')).toEqual({ metric: 'freshness', arguments: ['updated_at'], comparison: '< 1d' });
    expect(parseCheckLine('schema')).toEqual({ metric: 'schema', arguments: [] });
    expect(() => parseCheckLine('Row Count > 0')).toThrow('"Row Count > 0" is not a SodaCL check');
    expect(() => parseCheckLine('avg(a,) > 1')).toThrow('avg(a,) has an empty argument');
  });

  it('reads numbers, percentages and durations (in milliseconds)', () => {
    expect([parseValue('5', 'number'), parseValue('-2.5', 'number'), parseValue('1e3', 'number'), parseValue('5%', 'percent'), parseValue('0.5 %', 'percent')]).toEqual([5, -2.5, 1000, 5, 0.5]);
    expect([parseValue('1d', 'duration'), parseValue('6h', 'duration'), parseValue('30m', 'duration'), parseValue('1d12h', 'duration'), parseValue('90s', 'duration')]).toEqual([86400000, 21600000, 1800000, 129600000, 90000]);
    expect(() => parseValue('5%', 'number')).toThrow('"5%" is not a number');
    expect(() => parseValue('1w', 'duration')).toThrow('"1w" is not a duration');
    expect(() => parseValue('', 'duration')).toThrow('is not a duration');
  });

  it.each([
    ['< 5', { mustBeLessThan: 5 }],
    ['<= 5', { mustBeLessOrEqualTo: 5 }],
    ['> 5', { mustBeGreaterThan: 5 }],
    ['>= 5', { mustBeGreaterOrEqualTo: 5 }],
    ['= 0', { mustBe: 0 }],
    ['!= 3', { mustNotBe: 3 }],
    ['<> 3', { mustNotBe: 3 }],
    ['between 10 and 15', { mustBeBetween: [10, 15] }],
    ['not between -3 and 5', { mustNotBeBetween: [-3, 5] }],
  ])('the check line "%s" must hold', (comparison, threshold) => {
    expect(mustHold(comparison, 'number')).toEqual(threshold);
  });

  it.each([
    ['when < 5', { mustBeGreaterOrEqualTo: 5 }],
    ['when <= 5', { mustBeGreaterThan: 5 }],
    ['when > 5%', { mustBeLessOrEqualTo: 5 }],
    ['when >= 5', { mustBeLessThan: 5 }],
    ['when = 0', { mustNotBe: 0 }],
    ['when != 0', { mustBe: 0 }],
    ['when between 1 and 3', { mustNotBeBetween: [1, 3] }],
    ['when not between 1 and 3', { mustBeBetween: [1, 3] }],
  ])('the alert condition "%s" must not trigger', (condition, threshold) => {
    expect(mustNotTrigger(condition, 'percent')).toEqual(threshold);
  });

  it('refuses what it cannot read', () => {
    expect(() => mustHold('~ 5', 'number')).toThrow('"~ 5" is not a comparison');
    expect(() => mustHold('between (1 and 5', 'number')).toThrow('exclusive bounds');
    expect(() => mustHold('between 5 and 1', 'number')).toThrow('the lower bound is above the upper bound');
    expect(() => mustNotTrigger('> 5', 'number')).toThrow('"> 5" is not an alert condition');
  });
});
