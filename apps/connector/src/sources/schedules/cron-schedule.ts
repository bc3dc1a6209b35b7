import { Cron } from 'croner';

const FORMAT = 'a cron expression of 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, read in UTC';

/** A source's schedule compiled once (UTC; 5 fields, or 6 with seconds first). Throws on a malformed expression. */
export function compileSchedule(schedule: string): Cron {
  return new Cron(schedule.trim(), { paused: true, timezone: 'UTC', mode: '5-or-6-parts' });
}

/** Why a schedule cannot be used (croner's finding, plus the expected format), or undefined. */
export function cronProblem(schedule: string): string | undefined {
  const fields = schedule.trim().split(/\s+/).filter((field) => field !== '').length;
  if (fields !== 5 && fields !== 6) return `schedule has ${fields} field${fields === 1 ? '' : 's'}; expected ${FORMAT}, e.g. "0 * * * *"`;
  let cron: Cron;
  try {
    cron = compileSchedule(schedule);
  } catch (error) {
    // croner's finding without the quoted pattern: "Invalid value for minute: 61".
    const finding = (error as Error).message.replace(/^CronPattern: /, '').replace(/\s*\(?'[^']*'\)?/g, '').replace(/\.$/, '');
    return `schedule: ${finding}; expected ${FORMAT}, e.g. "0 * * * *"`;
  }
  if (cron.nextRun(new Date()) === null) return 'schedule: the expression never fires (no date matches it)';
  return undefined;
}

/** The first tick of `cron` strictly after `after`, or null when it never fires again. */
export function nextTick(cron: Cron, after: Date): Date | null {
  return cron.nextRun(after);
}
