import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { describeFailure } from '@atlas/kafka';
import { RawRecordRunRepository } from './raw-record-run.repository';
import { RawRecordsService } from './raw-records.service';

/** A closed run its closer did not announce within this long is announced by the sweep (its closer stopped). */
export const ANNOUNCE_GRACE_MS = 30_000;
/** Runs announced per sweep at most: a backlog is worked off over the next sweeps. */
export const ANNOUNCE_PER_SWEEP = 500;
const RETENTION_INTERVAL_MS = 3_600_000;

/**
 * Ends the external producers' runs whose source went quiet: a run is otherwise closed by the
 * source's next record after its window. Every replica sweeps; closing is one UPDATE, so each run
 * is closed by one of them. Also announces runs closed but never announced, and forgets old runs.
 */
@Injectable()
export class RawRecordRunSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RawRecordRunSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private lastRetention = 0;

  constructor(
    private readonly runs: RawRecordRunRepository,
    private readonly rawRecords: RawRecordsService,
  ) {}

  onApplicationBootstrap(): void {
    const interval = Math.max(100, Math.min(1000, this.rawRecords.policy.windowMs / 2));
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .catch((error: unknown) => this.logger.warn(`Sweeping the raw record runs failed: ${describeFailure(error)}`))
        .finally(() => (this.running = undefined));
    }, interval);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One sweep; returns how many runs it announced. */
  async sweep(now = Date.now()): Promise<number> {
    const expired = await this.runs.closeExpired(this.rawRecords.policy.windowMs);
    await this.rawRecords.announce(expired);
    const forgotten = await this.runs.unannounced(ANNOUNCE_GRACE_MS, ANNOUNCE_PER_SWEEP);
    await this.rawRecords.announce(forgotten);
    if (now - this.lastRetention >= RETENTION_INTERVAL_MS) {
      this.lastRetention = now;
      await this.runs.forgetAnnouncedPastRetention();
    }
    return expired.length + forgotten.length;
  }
}
