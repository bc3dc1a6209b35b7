import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { describeFailure } from '@atlas/kafka';
import { ConnectorEnvironment } from '../../connector-environment';
import { ExplorePartitionRepository } from './explore-partition.repository';
import { beganBefore, isDroppable, mayHoldExpired, missingDayPartitions, parsePartition, retentionCutoff, uncoveredRanges, utcDay } from './explore-partitions';
import { SourceRetention } from './source-retention';

/** Day partitions kept ready beyond today: inserts never wait for one to be created. */
export const PARTITION_DAYS_AHEAD = 3;
/** Rows one retention delete statement removes (one short transaction each). */
export const RETENTION_DELETE_BATCH = 5000;
/** Statements per source (or orphaned range) in one round: a round stays bounded, the next one goes on. */
export const RETENTION_BATCHES_PER_ROUND = 200;

export interface RetentionRound {
  created: string[];
  dropped: string[];
  /** Records deleted one source at a time (their partition was kept for another source). */
  deletedRecords: number;
  /** Ids of records whose partition was dropped. */
  forgottenIds: number;
}

/**
 * Explore's partition maintenance and per-source retention: a source's own `exploreRetentionDays`
 * (null: kept for good), else the platform default CONNECTOR_EXPLORE_RETENTION_DAYS (unset: kept for
 * good), which also covers source ids with no row in connector.sources (pushed, external producers).
 * Every CONNECTOR_EXPLORE_MAINTENANCE_MS each replica creates the day partitions up to
 * PARTITION_DAYS_AHEAD days ahead; then one replica (advisory lock) drops each past partition every
 * source of which lets its rows go, deletes the expired rows of the sources in the partitions that
 * stay (bounded batches), and forgets the ids of dropped partitions' records.
 */
@Injectable()
export class ExploreRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExploreRetention.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly environment: ConnectorEnvironment,
    private readonly partitions: ExplorePartitionRepository,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running ??= this.maintain()
        .catch((error: unknown) => this.logger.warn(`Explore maintenance failed: ${describeFailure(error)}`))
        .finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, this.environment.CONNECTOR_EXPLORE_MAINTENANCE_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Creates today's and the coming days' partitions that are missing; returns their names. */
  async ensurePartitions(now = new Date()): Promise<string[]> {
    const created = await this.partitions.createMissing((names) => missingDayPartitions(names.map(parsePartition).filter((partition) => partition !== undefined), now, PARTITION_DAYS_AHEAD));
    return created.map((partition) => partition.name);
  }

  async maintain(now = new Date()): Promise<RetentionRound> {
    const round: RetentionRound = { created: await this.ensurePartitions(now), dropped: [], deletedRecords: 0, forgottenIds: 0 };
    await this.partitions.underRetentionLock(async () => {
      const retention = new SourceRetention(await this.partitions.configuredRetention(), this.environment.CONNECTOR_EXPLORE_RETENTION_DAYS ?? null);
      // The sources with expired rows in a partition that stays (kept for another source): deleted one source at a time.
      const expiring = new Map<string, Date>();
      for (const name of await this.partitions.partitionNames()) {
        const partition = parsePartition(name);
        if (!mayHoldExpired(partition, now)) continue;
        const sourceIds = await this.partitions.sourcesIn(name);
        if (partition && isDroppable(partition, sourceIds, retention, now)) {
          await this.partitions.drop(name);
          round.dropped.push(name);
          continue;
        }
        for (const sourceId of sourceIds) {
          const cutoff = retentionCutoff(retention.days(sourceId), now);
          if (cutoff && beganBefore(partition, cutoff)) expiring.set(sourceId, cutoff);
        }
      }
      for (const [sourceId, cutoff] of [...expiring].sort(([left], [right]) => (left < right ? -1 : 1))) {
        round.deletedRecords += await this.inBatches((limit) => this.partitions.deleteExpired(sourceId, cutoff, limit));
      }
      for (const range of uncoveredRanges(await this.partitions.partitionNames(), utcDay(now)) ?? []) {
        round.forgottenIds += await this.inBatches((limit) => this.partitions.deleteIdsIn(range, limit));
      }
    });
    if (round.created.length + round.dropped.length + round.deletedRecords + round.forgottenIds > 0) {
      this.logger.log(
        `Explore maintenance: created ${round.created.length} partitions, dropped ${round.dropped.length} (${round.dropped.join(', ') || 'none'}), deleted ${round.deletedRecords} expired records, forgot ${round.forgottenIds} ids`,
      );
    }
    return round;
  }

  private async inBatches(deleteBatch: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < RETENTION_BATCHES_PER_ROUND; batch++) {
      const deleted = await deleteBatch(RETENTION_DELETE_BATCH);
      total += deleted;
      if (deleted < RETENTION_DELETE_BATCH) break;
    }
    return total;
  }
}
