import { forbiddenKeysCheckFactory } from './forbidden-keys.check';
import { checkOf } from '../check-fixtures.spec-helper';

describe('forbidden_keys', () => {
  const check = checkOf(forbiddenKeysCheckFactory, { patterns: ['ssn', 'pii_*', '*.secret'] }, []);

  it('passes an object holding none of the forbidden names, "*" matching any characters', () => {
    expect(check.evaluate({ id: 1, piiless: true, 'a.secrets': 1 })).toEqual({ outcome: 'pass' });
  });

  it('fails listing the forbidden keys present', () => {
    expect(check.evaluate({ ssn: 'x', pii_email: 'y', 'db.secret': 1, id: 2 })).toEqual({ outcome: 'fail', measuredValue: ['ssn', 'pii_email', 'db.secret'], message: 'the record holds forbidden ssn, pii_email, db.secret' });
  });

  it('does not judge what is not an object', () => {
    expect(check.evaluate(null).outcome).toBe('not_evaluated');
    expect(check.evaluate([1]).outcome).toBe('not_evaluated');
  });

  it('refuses bad parameters', () => {
    expect(forbiddenKeysCheckFactory.parameterProblem({ patterns: [] })).toBe('patterns must be 1-100 names of 1-200 characters ("*" matches any characters)');
    expect(forbiddenKeysCheckFactory.parameterProblem({ patterns: ['a'] })).toBeUndefined();
  });
});
