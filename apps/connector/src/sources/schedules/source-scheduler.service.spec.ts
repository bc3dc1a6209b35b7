import { ConnectorEnvironment } from '../../connector-environment';
import { RunExecutor } from '../run-executor.service';
import { RunRepository } from '../run.repository';
import { SourceRepository } from '../source.repository';
import { ScheduleTickRepository } from './schedule-tick.repository';
import { SourceScheduler } from './source-scheduler.service';

describe('SourceScheduler', () => {
  const claimed = new Set<string>();
  const outcomes: Array<[string, string, string, string | null]> = [];
  let active = false;
  const ticks = {
    claim: jest.fn(async (sourceId: string, tickAt: Date) => (claimed.has(`${sourceId}@${tickAt.toISOString()}`) ? false : (claimed.add(`${sourceId}@${tickAt.toISOString()}`), true))),
    recordOutcome: jest.fn(async (sourceId: string, tickAt: Date, outcome: string, runId: string | null) => void outcomes.push([sourceId, tickAt.toISOString(), outcome, runId])),
    prune: jest.fn(async () => undefined),
  };
  const runs = { queue: jest.fn(async () => (active ? false : ((active = true), true))) };
  const executor = { start: jest.fn() };
  const sources = { scheduled: jest.fn(async () => [{ sourceId: 'every-second', schedule: '* * * * * *' }]) };

  function scheduler(): SourceScheduler {
    const environment = Object.assign(new ConnectorEnvironment(), { CONNECTOR_SCHEDULES_ENABLED: true, CONNECTOR_SCHEDULE_REFRESH_MS: 10000 });
    return new SourceScheduler(environment, sources as unknown as SourceRepository, runs as unknown as RunRepository, ticks as unknown as ScheduleTickRepository, executor as unknown as RunExecutor);
  }

  beforeEach(() => {
    claimed.clear();
    outcomes.length = 0;
    active = false;
    jest.clearAllMocks();
  });

  it('starts a run for a tick it claims, records an overlap while a run is active, and leaves a tick another replica claimed', async () => {
    const first = scheduler();
    const second = scheduler();
    const tick = new Date('2026-11-30T02:00:01.000Z');
    await Promise.all([first.fire('every-second', tick), second.fire('every-second', tick)]);
    expect(runs.queue).toHaveBeenCalledTimes(1);
    expect(executor.start).toHaveBeenCalledTimes(1);
    await first.fire('every-second', new Date('2026-11-30T02:00:02.000Z'));
    const runId = executor.start.mock.calls[0][0] as string;
    expect(outcomes).toEqual([
      ['every-second', '2026-11-30T02:00:01.000Z', 'started', runId],
      ['every-second', '2026-11-30T02:00:02.000Z', 'overlap', null],
    ]);
  });

  describe('timers', () => {
    beforeEach(() => {
      jest.useFakeTimers();
      jest.setSystemTime(new Date('2026-11-30T02:00:00.400Z'));
    });
    afterEach(() => jest.useRealTimers());

    it('fires at each tick of the schedule, keyed by the tick time, and stops at shutdown', async () => {
      const instance = scheduler();
      await instance.refresh();
      await jest.advanceTimersByTimeAsync(2700);
      expect(ticks.claim.mock.calls.map(([, tickAt]) => (tickAt as Date).toISOString())).toEqual(['2026-11-30T02:00:01.000Z', '2026-11-30T02:00:02.000Z', '2026-11-30T02:00:03.000Z']);
      instance.beforeApplicationShutdown();
      await jest.advanceTimersByTimeAsync(3000);
      expect(ticks.claim).toHaveBeenCalledTimes(3);
    });

    it('disarms a source whose schedule was removed', async () => {
      const instance = scheduler();
      await instance.refresh();
      sources.scheduled.mockResolvedValueOnce([]);
      await instance.refresh();
      await jest.advanceTimersByTimeAsync(3000);
      expect(ticks.claim).not.toHaveBeenCalled();
    });
  });
});
