import { utcMicroseconds } from './microsecond-time';

describe('utcMicroseconds', () => {
  it('formats the expression in UTC with six fraction digits', () => {
    expect(utcMicroseconds('run.created_at')).toBe(`to_char(run.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
  });
});
