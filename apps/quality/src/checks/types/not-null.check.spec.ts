import { checkOf } from '../check-fixtures.spec-helper';
import { notNullCheckFactory } from './not-null.check';

describe('not_null', () => {
  const required = checkOf(notNullCheckFactory, { missingValues: [''] }, ['email']);

  it('passes present values, falsy ones included', () => {
    for (const value of [0, false, 'x', [], {}]) expect(required.evaluate(value)).toEqual({ outcome: 'pass' });
  });

  it('fails an absent field, null and the listed missing values, measuring what it saw', () => {
    expect(required.evaluate(undefined)).toEqual({ outcome: 'fail', measuredValue: 'missing', message: 'email is required but is missing' });
    expect(required.evaluate(null)).toEqual({ outcome: 'fail', measuredValue: null, message: 'email is required but is null' });
    expect(required.evaluate('')).toEqual({ outcome: 'fail', measuredValue: '', message: 'email is required but is ""' });
  });

  it('counts only null as missing without a list (ODCS nullValues), and custom lists (missingValues)', () => {
    expect(checkOf(notNullCheckFactory, {}).evaluate('')).toEqual({ outcome: 'pass' });
    const custom = checkOf(notNullCheckFactory, { missingValues: ['N/A', -1] });
    expect(custom.evaluate('N/A').outcome).toBe('fail');
    expect(custom.evaluate(-1).outcome).toBe('fail');
    expect(custom.evaluate('n/a').outcome).toBe('pass');
  });

  it('is meaningful on protected values and refuses bad parameters', () => {
    expect(required.meaningfulOnProtectedValue).toBe(true);
    expect(notNullCheckFactory.parameterProblem({ missingValues: [{}] })).toBe('missingValues must be a list of strings, numbers, booleans or null');
    expect(notNullCheckFactory.parameterProblem({ missingValues: 'x' })).toBe('missingValues must be a list of strings, numbers, booleans or null');
  });
});
