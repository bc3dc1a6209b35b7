import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { hostname } from 'node:os';
import { describeFailure } from '@atlas/kafka';
import { QualityEnvironment } from '../quality-environment';
import { retentionDeletedTotal } from '../validation/quality.metrics';
import { RETAINED_ROWS, retentionCutoffs, UNREPLAYED, type RetentionDays, type RetentionReport } from './retention-policy';
import { RetentionRepository } from './retention.repository';

/** Rows per DELETE statement, and statements per kind of row and run: a run's work is bounded; the next run goes on. */
export const RETENTION_BATCH = 1_000;
export const RETENTION_MAX_BATCHES = 100;
const MAX_TICK_MS = 60_000;

/**
 * Deletes quality rows past their retention (QUALITY_RESULTS_RETENTION_DAYS for results, windows,
 * anomaly history and judged record ids; QUALITY_QUARANTINE_RETENTION_DAYS for quarantined
 * records; QUALITY_DUPLICATE_KEYS_RETENTION_DAYS for the duplicate checks' keys), once per QUALITY_RETENTION_INTERVAL_MS over all replicas (a lease row), in batches of
 * RETENTION_BATCH rows found by an index on their time column. A quarantined record still awaiting
 * replay is deleted only when its own retention has passed, and each such deletion is reported: a
 * warning per source, the metric, and the job's row (`quality.retention_runs`).
 */
@Injectable()
export class RetentionWorker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RetentionWorker.name);
  private readonly holder = `${hostname()}:${process.pid}`;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly repository: RetentionRepository,
    private readonly environment: QualityEnvironment,
  ) {}

  onModuleInit(): void {
    if (Object.values(this.retentionDays()).every((days) => days === 0)) return;
    this.timer = setInterval(() => void this.runDue(), Math.min(this.environment.QUALITY_RETENTION_INTERVAL_MS, MAX_TICK_MS));
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs the job when this replica claims the interval; the report, or undefined when another replica has it. */
  async runDue(nowMs = Date.now()): Promise<RetentionReport | undefined> {
    if (this.running) return undefined;
    this.running = true;
    try {
      if (!(await this.repository.claim(this.holder, this.environment.QUALITY_RETENTION_INTERVAL_MS))) return undefined;
      const report = await this.deleteExpired(nowMs);
      await this.repository.finish(this.holder, report, report.deleted[UNREPLAYED] ?? 0);
      return report;
    } catch (error) {
      this.logger.warn(`The retention job failed; the next interval tries again: ${describeFailure(error)}`);
      return undefined;
    } finally {
      this.running = false;
    }
  }

  private retentionDays(): RetentionDays {
    const environment = this.environment;
    return { results: environment.QUALITY_RESULTS_RETENTION_DAYS, quarantine: environment.QUALITY_QUARANTINE_RETENTION_DAYS, duplicates: environment.QUALITY_DUPLICATE_KEYS_RETENTION_DAYS };
  }

  private async deleteExpired(nowMs: number): Promise<RetentionReport> {
    const days = this.retentionDays();
    const cutoffs = retentionCutoffs(days, nowMs);
    const report: RetentionReport = { deleted: {}, unreplayedBySource: {}, more: false };
    for (const rows of RETAINED_ROWS) {
      const cutoff = cutoffs[rows.setting];
      if (!cutoff) continue;
      let deleted = 0;
      for (let batch = 0; batch < RETENTION_MAX_BATCHES; batch++) {
        const sources = await this.repository.deleteBatch(rows, cutoff, RETENTION_BATCH);
        deleted += sources.length;
        if (rows.name === UNREPLAYED) for (const source of sources) report.unreplayedBySource[source] = (report.unreplayedBySource[source] ?? 0) + 1;
        if (sources.length < RETENTION_BATCH) break;
        if (batch === RETENTION_MAX_BATCHES - 1) report.more = true;
      }
      report.deleted[rows.name] = deleted;
      if (deleted > 0) retentionDeletedTotal.inc({ rows: rows.name }, deleted);
    }
    for (const [source, count] of Object.entries(report.unreplayedBySource)) {
      this.logger.warn(`Deleted ${count} quarantined record(s) of source ${source} that were never replayed: QUALITY_QUARANTINE_RETENTION_DAYS (${days.quarantine}) had passed since their quarantine`);
    }
    const total = Object.values(report.deleted).reduce((sum, count) => sum + count, 0);
    if (total > 0) this.logger.log(`Retention deleted ${total} row(s): ${Object.entries(report.deleted).filter(([, count]) => count > 0).map(([name, count]) => `${name} ${count}`).join(', ')}${report.more ? ' (more next run)' : ''}`);
    return report;
  }
}
