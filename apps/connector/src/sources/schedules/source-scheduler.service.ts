import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from 'croner';
import { hostname } from 'node:os';
import { openRunId } from '@atlas/ingestion';
import { describeFailure } from '@atlas/kafka';
import { ConnectorEnvironment } from '../../connector-environment';
import { RunExecutor } from '../run-executor.service';
import { RunRepository } from '../run.repository';
import { SourceRepository } from '../source.repository';
import { compileSchedule, nextTick } from './cron-schedule';
import { ScheduleTickRepository } from './schedule-tick.repository';

/** A timer never waits longer than this; it re-arms (so a far tick survives clock changes and setTimeout's 24.8-day bound). */
const MAX_TIMER_MS = 60_000;
/** A timer firing later than this after its tick (a blocked event loop) does not catch up on the ticks it missed. */
const LATE_TOLERANCE_MS = 1_000;
const TICK_RETENTION_MS = 24 * 60 * 60 * 1000;

interface Scheduled {
  sourceId: string;
  schedule: string;
  cron: Cron;
  timer?: NodeJS.Timeout;
}

/**
 * Starts runs of sources that have a cron schedule. Every replica keeps a timer per scheduled
 * source (sources are re-read every CONNECTOR_SCHEDULE_REFRESH_MS); when a tick is due, the replica
 * claims it in connector.schedule_ticks (source, tick time: the primary key), so of several
 * replicas exactly one starts the tick's run. The run is queued like a requested one: a source with
 * an active run refuses it (runs_one_active_per_source), and the tick is recorded as an overlap.
 * Ticks missed while no replica ran are not caught up.
 */
@Injectable()
export class SourceScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SourceScheduler.name);
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly replica = `${hostname()}:${process.pid}`;
  private refreshTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly environment: ConnectorEnvironment,
    private readonly sources: SourceRepository,
    private readonly runs: RunRepository,
    private readonly ticks: ScheduleTickRepository,
    private readonly executor: RunExecutor,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.environment.CONNECTOR_SCHEDULES_ENABLED) return;
    void this.refresh();
    this.refreshTimer = setInterval(() => void this.refresh(), this.environment.CONNECTOR_SCHEDULE_REFRESH_MS);
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.refreshTimer);
    for (const entry of this.scheduled.values()) clearTimeout(entry.timer);
    this.scheduled.clear();
  }

  /** The schedules of the sources table, armed (new or changed), kept, or disarmed (removed). */
  async refresh(): Promise<void> {
    try {
      const current = await this.sources.scheduled();
      const seen = new Set<string>();
      for (const { sourceId, schedule } of current) {
        seen.add(sourceId);
        this.arm(sourceId, schedule);
      }
      for (const [sourceId, entry] of this.scheduled) {
        if (!seen.has(sourceId)) {
          clearTimeout(entry.timer);
          this.scheduled.delete(sourceId);
        }
      }
      await this.ticks.prune(new Date(Date.now() - TICK_RETENTION_MS));
    } catch (error) {
      this.logger.warn(`Could not refresh the schedules: ${describeFailure(error)}`);
    }
  }

  /** Arms (or re-arms on a changed expression) the timer of one source; called at once for a source created here. */
  arm(sourceId: string, schedule: string): void {
    if (this.stopped || !this.environment.CONNECTOR_SCHEDULES_ENABLED) return;
    const existing = this.scheduled.get(sourceId);
    if (existing?.schedule === schedule) return;
    if (existing) clearTimeout(existing.timer);
    let cron: Cron;
    try {
      cron = compileSchedule(schedule);
    } catch {
      this.logger.warn(`Source ${sourceId} has a schedule that no longer compiles; it is not scheduled`);
      return;
    }
    const entry: Scheduled = { sourceId, schedule, cron };
    this.scheduled.set(sourceId, entry);
    this.waitForTick(entry, new Date());
  }

  private waitForTick(entry: Scheduled, after: Date): void {
    const tick = nextTick(entry.cron, after);
    if (!tick || this.stopped || this.scheduled.get(entry.sourceId) !== entry) return;
    const wait = tick.getTime() - Date.now();
    entry.timer = setTimeout(() => {
      if (Date.now() < tick.getTime()) return this.waitForTick(entry, after);
      void this.fire(entry.sourceId, tick);
      this.waitForTick(entry, new Date(Math.max(tick.getTime(), Date.now() - LATE_TOLERANCE_MS)));
    }, Math.min(Math.max(wait, 0), MAX_TIMER_MS));
    entry.timer.unref();
  }

  /** Claims the tick; the winner queues the source's run (or records the overlap) and starts it. */
  async fire(sourceId: string, tickAt: Date): Promise<void> {
    try {
      if (!(await this.ticks.claim(sourceId, tickAt, this.replica))) return;
      const runId = openRunId(sourceId);
      const queued = await this.runs.queue(runId, sourceId);
      await this.ticks.recordOutcome(sourceId, tickAt, queued ? 'started' : 'overlap', queued ? runId : null);
      if (queued) this.executor.start(runId);
      else this.logger.log(`Scheduled run of ${sourceId} at ${tickAt.toISOString()} not started: a run of the source is still active`);
    } catch (error) {
      this.logger.warn(`Scheduled run of ${sourceId} at ${tickAt.toISOString()} could not start: ${describeFailure(error)}`);
    }
  }
}
