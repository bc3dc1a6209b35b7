import { checkOf } from '../check-fixtures.spec-helper';
import { exclusiveMaximumCheckFactory, exclusiveMinimumCheckFactory, maximumCheckFactory, minimumCheckFactory, multipleOfCheckFactory, numberFormatCheckFactory } from './bound.checks';

describe('numeric bounds', () => {
  it('minimum and maximum include the limit, the exclusive ones do not; the measured value is the number', () => {
    expect(checkOf(minimumCheckFactory, { limit: 0 }).evaluate(0)).toEqual({ outcome: 'pass' });
    expect(checkOf(minimumCheckFactory, { limit: 0 }).evaluate(-0.5)).toEqual({ outcome: 'fail', measuredValue: -0.5, message: 'amount is -0.5, not at least 0' });
    expect(checkOf(maximumCheckFactory, { limit: 100 }).evaluate(100)).toEqual({ outcome: 'pass' });
    expect(checkOf(maximumCheckFactory, { limit: 100 }).evaluate(101)).toEqual({ outcome: 'fail', measuredValue: 101, message: 'amount is 101, not at most 100' });
    expect(checkOf(exclusiveMinimumCheckFactory, { limit: 0 }).evaluate(0)).toEqual({ outcome: 'fail', measuredValue: 0, message: 'amount is 0, not greater than 0' });
    expect(checkOf(exclusiveMaximumCheckFactory, { limit: 100 }).evaluate(100)).toEqual({ outcome: 'fail', measuredValue: 100, message: 'amount is 100, not less than 100' });
    expect(checkOf(exclusiveMaximumCheckFactory, { limit: 100 }).evaluate(99.9)).toEqual({ outcome: 'pass' });
  });

  it('leaves non-numbers to the logical type check', () => {
    expect(checkOf(minimumCheckFactory, { limit: 0 }).evaluate('5')).toEqual({ outcome: 'not_evaluated', message: 'not a number' });
    expect(checkOf(minimumCheckFactory, { limit: 0 }).evaluate(undefined)).toEqual({ outcome: 'not_evaluated', message: 'no value' });
    expect(minimumCheckFactory.parameterProblem({ limit: '0' })).toBe('limit must be a number');
  });
});

describe('temporal bounds', () => {
  it('compare dates as instants in the contract format', () => {
    const after = checkOf(exclusiveMinimumCheckFactory, { limit: '2020-01-01', logicalType: 'date', format: 'yyyy-MM-dd' }, ['day']);
    expect(after.evaluate('2020-01-02')).toEqual({ outcome: 'pass' });
    expect(after.evaluate('2020-01-01')).toEqual({ outcome: 'fail', measuredValue: '2020-01-01', message: 'day is 2020-01-01, not greater than 2020-01-01' });
    expect(after.evaluate('01/02/2020')).toEqual({ outcome: 'not_evaluated', message: 'not a readable date or time' });
  });

  it('compare timestamps with offsets as instants, reading bounds written in ISO shape', () => {
    const from = checkOf(minimumCheckFactory, { limit: '2020-01-01 00:00:00+10:00', logicalType: 'timestamp', format: 'yyyy-MM-dd HH:mm:ssZ' }, ['at']);
    // 2019-12-31 14:00 UTC is the bound itself; one second earlier fails.
    expect(from.evaluate('2019-12-31 14:00:00Z')).toEqual({ outcome: 'pass' });
    expect(from.evaluate('2019-12-31 13:59:59+0000').outcome).toBe('fail');
  });

  it('compare times of day', () => {
    const until = checkOf(maximumCheckFactory, { limit: '18:00:00', logicalType: 'time', format: 'HH:mm:ss' }, ['closing']);
    expect(until.evaluate('17:59:59')).toEqual({ outcome: 'pass' });
    expect(until.evaluate('18:00:01').outcome).toBe('fail');
  });

  it('refuse unreadable bounds', () => {
    expect(minimumCheckFactory.parameterProblem({ limit: 'soon', logicalType: 'date' })).toBe('limit "soon" is not a readable date');
    expect(minimumCheckFactory.parameterProblem({ limit: 5, logicalType: 'date' })).toBe('limit must be a date string');
  });
});

describe('multiple_of and number_format', () => {
  it('multiple_of tolerates decimal rounding', () => {
    const cents = checkOf(multipleOfCheckFactory, { divisor: 0.01 });
    expect(cents.evaluate(19.99)).toEqual({ outcome: 'pass' });
    expect(cents.evaluate(19.995)).toEqual({ outcome: 'fail', measuredValue: 19.995, message: 'amount is 19.995, not a multiple of 0.01' });
    expect(multipleOfCheckFactory.parameterProblem({ divisor: 0 })).toBe('divisor must be a positive number');
  });

  it('number_format bounds the value to the type range', () => {
    expect(checkOf(numberFormatCheckFactory, { format: 'u8' }).evaluate(255)).toEqual({ outcome: 'pass' });
    expect(checkOf(numberFormatCheckFactory, { format: 'u8' }).evaluate(256)).toEqual({ outcome: 'fail', measuredValue: 256, message: 'amount is 256, out of the range of u8' });
    expect(checkOf(numberFormatCheckFactory, { format: 'i8' }).evaluate(-129).outcome).toBe('fail');
    expect(checkOf(numberFormatCheckFactory, { format: 'f32' }).evaluate(1e39).outcome).toBe('fail');
    expect(numberFormatCheckFactory.parameterProblem({ format: 'i256' })).toMatch(/^format must be one of i8, i16/);
  });
});
