import { compileSchedule, cronProblem, nextTick } from './cron-schedule';

describe('cron schedules', () => {
  it('accepts five fields, and six with seconds first', () => {
    for (const schedule of ['0 * * * *', '5,35 2-4 1 */2 0', ' */15 * * * 1-5 ', '* * * * * *', '*/10 * * * * *']) expect(cronProblem(schedule)).toBeUndefined();
  });

  it('names the problem of a malformed schedule', () => {
    const expected = 'expected a cron expression of 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, read in UTC, e.g. "0 * * * *"';
    expect(cronProblem('61 * * * *')).toBe(`schedule: Invalid value for minute: 61; ${expected}`);
    expect(cronProblem('* * * *')).toBe(`schedule has 4 fields; ${expected}`);
    expect(cronProblem('* * * * * * *')).toBe(`schedule has 7 fields; ${expected}`);
    expect(cronProblem('hourly')).toBe(`schedule has 1 field; ${expected}`);
    expect(cronProblem('a * * * *')).toBe(`schedule: configuration entry 1 (a) contains illegal characters; ${expected}`);
    expect(cronProblem('0 25 * * *')).toBe(`schedule: Invalid value for hour: 25; ${expected}`);
  });

  it('refuses a schedule that never fires', () => {
    expect(cronProblem('0 0 30 2 *')).toBe('schedule: the expression never fires (no date matches it)');
  });

  it('computes the next tick in UTC, strictly after the given instant', () => {
    expect(nextTick(compileSchedule('*/15 * * * *'), new Date('2026-11-30T02:00:00.000Z'))).toEqual(new Date('2026-11-30T02:15:00.000Z'));
    expect(nextTick(compileSchedule('* * * * * *'), new Date('2026-11-30T02:00:00.500Z'))).toEqual(new Date('2026-11-30T02:00:01.000Z'));
    expect(nextTick(compileSchedule('0 3 * * *'), new Date('2026-11-30T02:59:59.999Z'))).toEqual(new Date('2026-11-30T03:00:00.000Z'));
  });
});
