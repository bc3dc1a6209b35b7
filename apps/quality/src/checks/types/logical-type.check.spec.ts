import { checkOf } from '../check-fixtures.spec-helper';
import { logicalTypeCheckFactory } from './logical-type.check';

const typed = (logicalType: string, format?: string) => checkOf(logicalTypeCheckFactory, format ? { logicalType, format } : { logicalType }, ['value']);

describe('logical_type', () => {
  it.each([
    ['string', 'text', 42, 'value must be a string but is an integer', 'integer'],
    ['integer', 3, 3.5, 'value must be an integer but is a fractional number', 'fractional number'],
    ['integer', -7, '7', 'value must be an integer but is a string', 'string'],
    ['number', 3.5, '3.5', 'value must be a number but is a string', 'string'],
    ['boolean', false, 'false', 'value must be a boolean but is a string', 'string'],
    ['object', { a: 1 }, [1], 'value must be an object but is an array', 'array'],
    ['array', [1], { a: 1 }, 'value must be an array but is an object', 'object'],
  ])('%s: passes %j, fails %j with the observed type', (logicalType, good, bad, message, measured) => {
    const check = typed(logicalType);
    expect(check.evaluate(good)).toEqual({ outcome: 'pass' });
    expect(check.evaluate(bad)).toEqual({ outcome: 'fail', measuredValue: measured, message });
  });

  it('leaves absent values to not_null', () => {
    expect(typed('integer').evaluate(null)).toEqual({ outcome: 'not_evaluated', message: 'no value' });
    expect(typed('integer').evaluate(undefined)).toEqual({ outcome: 'not_evaluated', message: 'no value' });
  });

  it('dates, timestamps and times are strings of real calendar values in ISO 8601 by default', () => {
    expect(typed('date').evaluate('2024-02-29').outcome).toBe('pass');
    expect(typed('date').evaluate('2023-02-29')).toEqual({ outcome: 'fail', measuredValue: '2023-02-29', message: 'value is not a valid date' });
    expect(typed('date').evaluate(20240229)).toEqual({ outcome: 'fail', measuredValue: 'number', message: 'value must be a date string but is a number' });
    expect(typed('timestamp').evaluate('2024-05-01T10:20:30.123Z').outcome).toBe('pass');
    expect(typed('timestamp').evaluate('2024-05-01 10:20:30+02:00').outcome).toBe('pass');
    expect(typed('timestamp').evaluate('2024-05-01T25:00:00Z').outcome).toBe('fail');
    expect(typed('time').evaluate('23:59:59').outcome).toBe('pass');
    expect(typed('time').evaluate('24:00:00').outcome).toBe('fail');
  });

  it('follows a JDK format when the contract gives one', () => {
    const check = typed('timestamp', 'yyyy-MM-dd HH:mm:ss');
    expect(check.evaluate('2020-06-01 12:00:00').outcome).toBe('pass');
    expect(check.evaluate('2020-06-01T12:00:00')).toEqual({ outcome: 'fail', measuredValue: '2020-06-01T12:00:00', message: 'value is not a valid timestamp in format yyyy-MM-dd HH:mm:ss' });
    expect(typed('date', "dd/MM/yyyy").evaluate('31/12/2020').outcome).toBe('pass');
  });

  it('is not meaningful on protected values and names bad parameters', () => {
    expect(typed('string').meaningfulOnProtectedValue).toBe(false);
    expect(logicalTypeCheckFactory.parameterProblem({ logicalType: 'decimal' })).toBe('logicalType must be one of string, integer, number, boolean, object, array, date, timestamp, time');
    expect(logicalTypeCheckFactory.parameterProblem({ logicalType: 'string', format: 'email' })).toBe('format applies to date, timestamp and time only, as a string');
    expect(logicalTypeCheckFactory.parameterProblem({ logicalType: 'date', format: 'EEE, dd MMM yyyy' })).toBe('format "EEE, dd MMM yyyy" uses "EEE", which Atlas does not support');
  });
});
