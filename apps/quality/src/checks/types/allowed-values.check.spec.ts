import { checkOf } from '../check-fixtures.spec-helper';
import { allowedValuesCheckFactory } from './allowed-values.check';

describe('allowed_values', () => {
  const status = checkOf(allowedValuesCheckFactory, { values: ['new', 'shipped', 1] }, ['status']);

  it('passes listed values with their JSON type, fails others with the value measured', () => {
    expect(status.evaluate('shipped')).toEqual({ outcome: 'pass' });
    expect(status.evaluate(1)).toEqual({ outcome: 'pass' });
    expect(status.evaluate('1')).toEqual({ outcome: 'fail', measuredValue: '1', message: 'status is not one of the 3 allowed values' });
    expect(status.evaluate({ a: 1 })).toEqual({ outcome: 'fail', measuredValue: '{"a":1}', message: 'status is not one of the 3 allowed values' });
  });

  it('leaves absent values to not_null unless null is listed', () => {
    expect(status.evaluate(null)).toEqual({ outcome: 'not_evaluated', message: 'no value' });
    expect(checkOf(allowedValuesCheckFactory, { values: ['', null, 'n/a'] }).evaluate(null)).toEqual({ outcome: 'pass' });
    expect(allowedValuesCheckFactory.parameterProblem({ values: [] })).toBe('values must be a non-empty list of strings, numbers, booleans or null');
  });
});
