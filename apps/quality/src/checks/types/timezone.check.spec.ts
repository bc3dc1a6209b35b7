import { checkOf } from '../check-fixtures.spec-helper';
import { timezoneCheckFactory } from './timezone.check';

describe('timezone', () => {
  it('true: the timestamp states its offset', () => {
    const zoned = checkOf(timezoneCheckFactory, { required: true }, ['at']);
    expect(zoned.evaluate('2020-01-01 10:00:00+10:00')).toEqual({ outcome: 'pass' });
    expect(zoned.evaluate('2020-01-01T10:00:00Z')).toEqual({ outcome: 'pass' });
    expect(zoned.evaluate('2020-01-01 10:00:00')).toEqual({ outcome: 'fail', measuredValue: '2020-01-01 10:00:00', message: 'at has no time zone offset' });
  });

  it('false: it does not, and a date part is never read as an offset', () => {
    const local = checkOf(timezoneCheckFactory, { required: false }, ['at']);
    expect(local.evaluate('10:00:00')).toEqual({ outcome: 'pass' });
    expect(local.evaluate('2020-01-01')).toEqual({ outcome: 'pass' });
    expect(local.evaluate('10:00:00-05:00')).toEqual({ outcome: 'fail', measuredValue: '10:00:00-05:00', message: 'at has a time zone offset but must not' });
    expect(timezoneCheckFactory.parameterProblem({ required: 'yes' })).toBe('required must be true or false');
  });
});
