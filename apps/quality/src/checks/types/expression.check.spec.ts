import { checkOf } from '../check-fixtures.spec-helper';
import { SourceContractChecker } from '../record-checker';
import { expressionCheckFactory } from './expression.check';

describe('expression', () => {
  const mustHold = checkOf(expressionCheckFactory, { expression: 'end_date >= start_date', mode: 'must_hold' }, []);
  const failWhen = checkOf(expressionCheckFactory, { expression: "total_children = '2' and cars >= 3", mode: 'fail_when' }, []);

  it('fails a record whose condition is false, measuring the fields it read', () => {
    expect(mustHold.evaluate({ start_date: '2026-01-10', end_date: '2026-01-31' })).toEqual({ outcome: 'pass' });
    expect(mustHold.evaluate({ start_date: '2026-02-10', end_date: '2026-01-31', other: 1 })).toEqual({
      outcome: 'fail',
      measuredValue: { end_date: '2026-01-31', start_date: '2026-02-10' },
      message: 'does not hold: end_date >= start_date',
    });
  });

  it("fails a record whose SodaCL fail condition is true; an unknown condition is not evaluated", () => {
    expect(failWhen.evaluate({ total_children: '2', cars: 3 })).toEqual({ outcome: 'fail', measuredValue: { total_children: '2', cars: 3 }, message: "fail condition holds: total_children = '2' and cars >= 3" });
    expect(failWhen.evaluate({ total_children: '1', cars: 3 })).toEqual({ outcome: 'pass' });
    expect(mustHold.evaluate({ start_date: '2026-01-10' })).toEqual({ outcome: 'not_evaluated', message: 'unknown: a field it reads is missing, null or of another type' });
    expect(mustHold.readsFields).toEqual(['end_date', 'start_date']);
  });

  it('refuses bad parameters with the character of the problem', () => {
    expect(expressionCheckFactory.parameterProblem({ expression: 'a >', mode: 'must_hold' })).toBe('expression at character 4: the expression ends too early');
    expect(expressionCheckFactory.parameterProblem({ expression: 'a > 1', mode: 'sometimes' })).toBe('mode must be must_hold or fail_when');
    expect(expressionCheckFactory.parameterProblem({ expression: 5, mode: 'must_hold' })).toBe('expression must be a text condition, like end_date >= start_date');
  });

  it('is not evaluated on a record where pii-detection rewrote a field it reads', () => {
    const checker = new SourceContractChecker('c', '1', 'orders', [checkOf(expressionCheckFactory, { expression: "country = 'DE' implies iban is not null", mode: 'must_hold' }, [])]);
    expect(checker.evaluate({ country: 'DE' }).failed).toMatchObject([{ checkId: 'orders..expression', field: '', measuredValue: { country: 'DE', iban: null } }]);
    expect(checker.evaluate({ country: 'DE', iban: '***' }, new Set(['iban'])).notEvaluated).toMatchObject([{ message: 'value protected by pii-detection' }]);
  });
});
