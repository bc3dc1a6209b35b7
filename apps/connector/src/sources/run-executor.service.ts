import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { context as otelContext } from '@opentelemetry/api';
import { EnvelopedRecord, envelopeRecord, IngestionRunPublisher, recordIdInRun, recordProblemOf, RecordLimits } from '@atlas/ingestion';
import { DeadLetterRequest, DeadLetterSealer, describeFailure, KafkaPublisher, publishDeadLetters } from '@atlas/kafka';
import { ConnectorEnvironment } from '../connector-environment';
import { ExploreRecordRepository } from '../explore/explore-record.repository';
import { CheckpointTracker } from './checkpoint-tracker';
import { SourceConfigError, SourceMessage, SourceReadError } from './connectors/source-connector';
import { RunCheckpoint, RunEntity } from './run.entity';
import { RunRepository } from './run.repository';
import { SourceConnectorRegistry } from './source-connector.registry';
import { SourceRepository } from './source.repository';

/** Records published per request to the ingest topic. */
const PUBLISH_BATCH = 500;
/** How long a run that read everything waits for its records to be stored in Explore before failing. */
export const STORE_CONFIRMATION_TIMEOUT_MS = 10 * 60 * 1000;
const CONFIRMATION_POLL_MS = 250;

/** Explore stopped confirming the run's records: the run fails with this message, not as an unclassified error. */
export class ExploreStoreTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExploreStoreTimeoutError';
  }
}
/** How long a failing run waits for the records it published to be stored, to commit their checkpoint. */
const FAILURE_SETTLE_TIMEOUT_MS = 30 * 1000;
/**
 * Back-pressure: how many published records a run may have that are not yet behind a committed
 * checkpoint before it stops reading and waits for Explore. Without it a fast source outruns Explore
 * (which shares the process) by millions of records on a large file, and the final wait for them to be
 * stored exceeds STORE_CONFIRMATION_TIMEOUT_MS.
 */
export const MAX_UNSTORED_RECORDS = 20_000;

type StopReason = 'cancelled' | 'shutdown';

/** The progress of one run while it executes. */
interface RunProgress {
  run: RunEntity;
  read: number;
  published: number;
  deadLettered: number;
  firstLocation?: string;
  lastLocation?: string;
  records: EnvelopedRecord[];
  deadLetters: DeadLetterRequest[];
  tracker: CheckpointTracker;
}

/**
 * Executes runs in this process: reads the source through its connector, envelopes, checks and
 * publishes its records (the shared ingestion path), dead-letters malformed ones with their
 * location, and commits a checkpoint only once every record before it is stored in Explore.
 * Runs left unfinished by a previous process resume from their last checkpoint with the same run
 * id, so re-read records keep their ids and are stored once. One connector process executes runs
 * (replicas would each resume them; a lease is future work).
 */
@Injectable()
export class RunExecutor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RunExecutor.name);
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly limits: RecordLimits;
  private readonly sealer: DeadLetterSealer;

  constructor(
    private readonly environment: ConnectorEnvironment,
    private readonly registry: SourceConnectorRegistry,
    private readonly sources: SourceRepository,
    private readonly runs: RunRepository,
    private readonly explore: ExploreRecordRepository,
    private readonly ingestion: IngestionRunPublisher,
    private readonly publisher: KafkaPublisher,
  ) {
    this.limits = environment.recordLimits();
    this.sealer = new DeadLetterSealer(environment.ATLAS_DEAD_LETTER_PUBLIC_KEY);
  }

  onApplicationBootstrap(): void {
    // After start-up, so the service is ready (and its consumers run) while old runs resume.
    setImmediate(() => {
      this.runs
        .unfinished()
        .then((runs) => runs.forEach((run) => this.start(run.runId)))
        .catch((error: unknown) => this.logger.error(`Could not resume unfinished runs: ${describeFailure(error)}`));
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // Stopped runs stay 'running' and resume from their checkpoint at the next start.
    for (const { controller } of this.active.values()) controller.abort('shutdown' satisfies StopReason);
    await Promise.all([...this.active.values()].map(({ done }) => done));
  }

  /** Starts (or resumes) a run in the background; a run already executing here is left alone. */
  start(runId: string): void {
    if (this.active.has(runId)) return;
    const controller = new AbortController();
    const done = this.execute(runId, controller.signal)
      .catch((error: unknown) => this.fail(runId, error))
      .finally(() => this.active.delete(runId));
    this.active.set(runId, { controller, done });
  }

  /** Stops a run executing here (its state is already 'cancelled'); waits until it stopped. */
  async stop(runId: string): Promise<void> {
    const execution = this.active.get(runId);
    if (!execution) return;
    execution.controller.abort('cancelled' satisfies StopReason);
    await execution.done;
  }

  private async execute(runId: string, signal: AbortSignal): Promise<void> {
    const run = await this.runs.find(runId);
    if (!run || (run.state !== 'queued' && run.state !== 'running')) return;
    const source = await this.sources.find(run.sourceId);
    const connector = source ? this.registry.find(source.type) : undefined;
    if (!source || !connector) throw new SourceConfigError(`source ${run.sourceId} or its type is no longer registered`);
    const resumed = run.checkpoint;
    if (run.state === 'queued') {
      if (!(await this.runs.markRunning(runId))) return;
      await this.ingestion.publishRunLineage({ sourceId: run.sourceId, runId, recordCount: 0, eventType: 'START', inputs: [this.sourceDataset(run)] });
    }
    const startState = resumed?.state ?? (await this.runs.latestCheckpoint(run.sourceId, runId))?.state ?? null;
    const progress: RunProgress = {
      run,
      read: resumed?.read ?? 0,
      published: resumed?.published ?? 0,
      deadLettered: resumed?.deadLettered ?? 0,
      firstLocation: resumed?.firstLocation,
      lastLocation: resumed?.lastLocation,
      records: [],
      deadLetters: [],
      tracker: new CheckpointTracker(resumed?.published ?? 0),
    };
    const context = {
      fileDirectory: this.environment.CONNECTOR_FILE_DIRECTORY,
      allowedHttpHosts: this.environment.CONNECTOR_HTTP_ALLOWED_HOSTS,
      limits: this.limits,
      secret: (name: string) => this.environment.secret(name),
      signal,
      sourceId: run.sourceId,
    };
    try {
      for await (const message of connector.read(source.config, startState, context)) {
        if (signal.aborted) break;
        await this.take(progress, message, signal);
      }
    } catch (error) {
      // What was published before the failure is committed when stored, so the next run starts after it (never re-reads it).
      if (!signal.aborted) await this.settleBeforeFailing(progress, signal);
      throw error;
    }
    if (signal.aborted) return this.stopped(progress, signal.reason as StopReason);
    await this.flush(progress);
    const stored = await this.awaitStored(progress, signal);
    if (signal.aborted) return this.stopped(progress, signal.reason as StopReason);
    if (!stored) {
      throw new ExploreStoreTimeoutError(`records published by the run were not all stored in Explore within ${STORE_CONFIRMATION_TIMEOUT_MS / 1000} s`);
    }
    if (await this.runs.finish(runId, 'succeeded', countsOf(progress), null)) {
      await this.publishEnd(progress, 'COMPLETE');
      this.logger.log(`Run ${runId} of ${run.sourceId} succeeded: ${progress.read} read, ${progress.published} published, ${progress.deadLettered} dead-lettered`);
    }
  }

  private async take(progress: RunProgress, message: SourceMessage, signal: AbortSignal): Promise<void> {
    if (message.type === 'checkpoint') {
      await this.flush(progress);
      progress.tracker.add({ state: message.state, ...checkpointCounts(progress) });
      await this.commitStored(progress);
      await this.awaitBacklogBelowLimit(progress, signal);
      return;
    }
    progress.read += 1;
    const reason = message.type === 'malformed' ? message.reason : recordRefusal(message.payload, progress.published, this.limits);
    if (message.type === 'malformed' || reason !== undefined) {
      progress.deadLettered += 1;
      progress.deadLetters.push({
        partition: 0,
        offset: String(progress.read - 1),
        key: null,
        rawValue: message.type === 'malformed' ? message.raw : Buffer.from(JSON.stringify(message.payload)),
        headers: {},
        reason: reason ?? 'malformed record',
        sourceId: progress.run.sourceId,
        runId: progress.run.runId,
        location: message.location,
      });
    } else {
      const { run } = progress;
      const envelope = envelopeRecord({
        sourceId: run.sourceId,
        runId: run.runId,
        index: progress.published,
        location: message.location,
        ...(message.key !== undefined ? { recordId: recordIdInRun(run.runId, message.key) } : {}),
        ingestedAt: new Date().toISOString(),
        payload: message.payload,
      });
      progress.records.push({ envelope, traceContext: otelContext.active() });
      progress.published += 1;
      progress.firstLocation ??= envelope.position.location;
      progress.lastLocation = envelope.position.location;
    }
    if (progress.records.length + progress.deadLetters.length >= PUBLISH_BATCH) await this.flush(progress);
  }

  /** Publishes what is buffered (records, then dead letters) and records the counts. */
  private async flush(progress: RunProgress): Promise<void> {
    if (progress.records.length > 0) await this.ingestion.publishRecords(progress.records);
    if (progress.deadLetters.length > 0) {
      await publishDeadLetters(this.publisher, this.sealer, 'connector', `source:${progress.run.sourceId}`, progress.deadLetters);
    }
    progress.records = [];
    progress.deadLetters = [];
    await this.runs.updateCounts(progress.run.runId, countsOf(progress));
  }

  /** Commits the newest checkpoint whose records are all stored in Explore. */
  private async commitStored(progress: RunProgress): Promise<void> {
    const runId = progress.run.runId;
    const checkpoint = await progress.tracker.promote((from, to) => this.explore.countStored(runId, from, to));
    if (checkpoint) await this.runs.commitCheckpoint(runId, checkpoint);
  }

  /**
   * Pauses reading while more than MAX_UNSTORED_RECORDS published records wait for a checkpoint (only
   * while one is pending: a source without checkpoints is never paused), until half of them are
   * stored. Explore not storing anything for STORE_CONFIRMATION_TIMEOUT_MS fails the run.
   */
  private async awaitBacklogBelowLimit(progress: RunProgress, signal: AbortSignal): Promise<void> {
    const backlog = () => progress.published - progress.tracker.committed();
    if (!progress.tracker.hasPending() || backlog() <= MAX_UNSTORED_RECORDS) return;
    let committed = progress.tracker.committed();
    let deadline = Date.now() + STORE_CONFIRMATION_TIMEOUT_MS;
    while (progress.tracker.hasPending() && backlog() > MAX_UNSTORED_RECORDS / 2 && !signal.aborted) {
      await new Promise((resolveWait) => setTimeout(resolveWait, CONFIRMATION_POLL_MS));
      await this.commitStored(progress);
      if (progress.tracker.committed() > committed) {
        committed = progress.tracker.committed();
        deadline = Date.now() + STORE_CONFIRMATION_TIMEOUT_MS;
      } else if (Date.now() > deadline) {
        throw new ExploreStoreTimeoutError(`Explore stored none of the run's records within ${STORE_CONFIRMATION_TIMEOUT_MS / 1000} s`);
      }
    }
  }

  /** Waits until every checkpoint is committed (every published record stored); false on timeout. */
  private async awaitStored(progress: RunProgress, signal: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + STORE_CONFIRMATION_TIMEOUT_MS;
    for (;;) {
      await this.commitStored(progress);
      if (!progress.tracker.hasPending()) return true;
      if (Date.now() > deadline || signal.aborted) return false;
      await new Promise((resolveWait) => setTimeout(resolveWait, CONFIRMATION_POLL_MS));
    }
  }

  /** Before a failed read ends the run: publishes what is buffered and commits the checkpoints its stored records allow (bounded wait). */
  private async settleBeforeFailing(progress: RunProgress, signal: AbortSignal): Promise<void> {
    try {
      await this.flush(progress);
      const deadline = Date.now() + FAILURE_SETTLE_TIMEOUT_MS;
      while (progress.tracker.hasPending() && Date.now() < deadline && !signal.aborted) {
        await this.commitStored(progress);
        if (progress.tracker.hasPending()) await new Promise((resolveWait) => setTimeout(resolveWait, CONFIRMATION_POLL_MS));
      }
    } catch (error) {
      this.logger.warn(`Run ${progress.run.runId}: could not settle its checkpoints before failing: ${describeFailure(error)}`);
    }
  }

  private async stopped(progress: RunProgress, reason: StopReason): Promise<void> {
    await this.runs.updateCounts(progress.run.runId, countsOf(progress));
    if (reason === 'cancelled') await this.publishEnd(progress, 'ABORT');
  }

  private async fail(runId: string, error: unknown): Promise<void> {
    const message = failureMessage(error);
    this.logger.warn(`Run ${runId} failed: ${message}`);
    try {
      const run = await this.runs.find(runId);
      if (run && (await this.runs.finish(runId, 'failed', { recordsRead: run.recordsRead, recordsPublished: run.recordsPublished, recordsDeadLettered: run.recordsDeadLettered }, message))) {
        await this.ingestion.publishRunLineage({ sourceId: run.sourceId, runId, recordCount: run.recordsPublished, eventType: 'FAIL', inputs: [this.sourceDataset(run)], errorMessage: message });
      }
    } catch (recordError) {
      this.logger.error(`Could not record the failure of run ${runId}: ${describeFailure(recordError)}`);
    }
  }

  private async publishEnd(progress: RunProgress, eventType: 'COMPLETE' | 'ABORT'): Promise<void> {
    const { run } = progress;
    await this.ingestion.publishRunLineage({
      sourceId: run.sourceId,
      runId: run.runId,
      recordCount: progress.published,
      eventType,
      inputs: [this.sourceDataset(run)],
      ...(progress.firstLocation && progress.lastLocation ? { sourceRange: { first: progress.firstLocation, last: progress.lastLocation } } : {}),
    });
  }

  /** The source as a lineage dataset: `atlas-source://connector` + the source id. */
  private sourceDataset(run: RunEntity) {
    return { namespace: 'atlas-source://connector', name: run.sourceId };
  }
}

/** A run's error: a config problem as the connector words it, a system error by its code, anything else classified (never a message that could quote data). */
function failureMessage(error: unknown): string {
  if (error instanceof SourceConfigError || error instanceof SourceReadError || error instanceof ExploreStoreTimeoutError) return error.message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `the source could not be read (${code})`;
  return describeFailure(error);
}

function countsOf(progress: RunProgress) {
  return { recordsRead: progress.read, recordsPublished: progress.published, recordsDeadLettered: progress.deadLettered };
}

function checkpointCounts(progress: RunProgress): Omit<RunCheckpoint, 'state'> {
  const counts: Omit<RunCheckpoint, 'state'> = { read: progress.read, published: progress.published, deadLettered: progress.deadLettered };
  if (progress.firstLocation) counts.firstLocation = progress.firstLocation;
  if (progress.lastLocation) counts.lastLocation = progress.lastLocation;
  return counts;
}

/** Why a record read from a source cannot enter Atlas (a limit it breaks), or undefined. */
function recordRefusal(payload: Record<string, unknown>, index: number, limits: RecordLimits): string | undefined {
  const problem = recordProblemOf(payload, index, limits);
  return problem ? `record refused: ${problem.message}` : undefined;
}
