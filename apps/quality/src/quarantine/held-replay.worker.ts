import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { describeFailure } from '@atlas/kafka';
import { ActiveContractRegistry } from '../contracts/active-contract.registry';
import { HeldReplayRepository, type ClaimedReplay } from './held-replay.repository';
import { releasedOf, ReplayService, stillQuarantinedOf } from './replay.service';

/** Timing of held replays; tests shorten it. */
export interface HeldReplayTiming {
  /** How often a replica looks for a replay to run. */
  tickMs: number;
  /** A replica holds a replay this long past its last batch; a stopped one's is taken over after it. */
  leaseMs: number;
  /** After a failure (Kafka or PostgreSQL unavailable), the replay is tried again this much later. */
  retryMs: number;
}

export const HELD_REPLAY_TIMING = Symbol('HELD_REPLAY_TIMING');
export const DEFAULT_HELD_REPLAY_TIMING: HeldReplayTiming = { tickMs: 1_000, leaseMs: 15_000, retryMs: 5_000 };

/** Held records judged per batch: one publish and one transaction each. */
export const HELD_REPLAY_BATCH = 500;

/**
 * Replays the records held for want of a contract once a version is activated for their source
 * (the activation writes the replay, `quality.held_replays`). Any replica runs it under a lease, in
 * batches of HELD_REPLAY_BATCH held records: judged with that version, the valid ones published to
 * Chart, then both outcomes and the counts recorded in one transaction. A judged record is no
 * longer held (released, or kept with the version's reasons), so a restart resumes with what is
 * still held: at least once into Chart, and Navigate stores a record once. Replicas still judging
 * with the previous (no) contract may hold a few more records until their next contract refresh, so
 * the replay ends only once two refresh intervals have passed since the activation.
 */
@Injectable()
export class HeldReplayWorker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(HeldReplayWorker.name);
  private readonly timing: HeldReplayTiming;
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly replays: HeldReplayRepository,
    private readonly contracts: ActiveContractRegistry,
    private readonly replayService: ReplayService,
    @Optional() @Inject(HELD_REPLAY_TIMING) timing?: HeldReplayTiming,
  ) {
    this.timing = timing ?? DEFAULT_HELD_REPLAY_TIMING;
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.runDue(), this.timing.tickMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Runs every replay that can be claimed now; returns how many were taken up. */
  async runDue(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let claimed = 0;
    try {
      for (let replay = await this.replays.claim(this.timing.leaseMs); replay; replay = await this.replays.claim(this.timing.leaseMs)) {
        claimed += 1;
        await this.run(replay);
      }
    } catch (error) {
      this.logger.warn(`Could not claim a held-record replay: ${describeFailure(error)}`);
    } finally {
      this.running = false;
    }
    return claimed;
  }

  private async run(replay: ClaimedReplay): Promise<void> {
    try {
      await this.contracts.refresh();
      const checker = this.contracts.forSource(replay.sourceId);
      if (!checker || checker.contractId !== replay.contractId || checker.contractVersion !== replay.contractVersion) {
        await this.replays.fail(replay.replayId, `contract "${replay.contractId}" version ${replay.contractVersion} does not govern source "${replay.sourceId}" any more (or does not compile)`);
        return;
      }
      for (let page = await this.replays.heldPage(replay.sourceId, HELD_REPLAY_BATCH); page.length > 0; page = await this.replays.heldPage(replay.sourceId, HELD_REPLAY_BATCH)) {
        const judgements = await this.replayService.judgeAndPublish(page, () => checker);
        const { recorded, continues } = await this.replays.recordBatch(replay.replayId, releasedOf(judgements), stillQuarantinedOf(judgements), this.timing.leaseMs);
        await this.replayService.reportReplayed(judgements);
        if (!continues) return;
        // Every record of a page is released or re-judged; otherwise the same page would come back forever.
        if (recorded === 0) throw new Error('no held record of the batch could be recorded');
      }
      const settleMs = 2 * this.contracts.refreshIntervalMs;
      if (replay.ageMs < settleMs) await this.replays.postpone(replay.replayId, settleMs - replay.ageMs);
      else await this.replays.finish(replay.replayId);
    } catch (error) {
      const failure = describeFailure(error);
      this.logger.warn(`Replay ${replay.replayId} of source ${replay.sourceId} interrupted, retried in ${this.timing.retryMs} ms: ${failure}`);
      await this.replays.postpone(replay.replayId, this.timing.retryMs, failure).catch(() => undefined);
    }
  }
}
