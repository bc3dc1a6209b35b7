import { Injectable, Logger } from '@nestjs/common';
import { Context } from '@opentelemetry/api';
import { BaseEnvironment } from '@atlas/config';
import { LineageEventType, RunRecordCount, SOURCE_ID_PATTERN, stageRunIdOf, TOPICS } from '@atlas/contracts';
import { KafkaPublisher } from '../kafka-publisher.service';
import { LineagePublisher, StageDataset, StageOutput, StageRunReport } from '../lineage-publisher.service';
import { DeadLetterObserver, DeadLetterRequest } from '../record-batch';
import { endOf, HandledRecord, isFinished, StageRunState } from './stage-run-progress';
import { HandledRun, StageRunRepository } from './stage-run.repository';

/** A pipeline stage as lineage sees it: one job reading one record topic. */
export interface StageDefinition {
  jobName: string;
  /** The record topic it consumes: the run counts announced for it say how many records each run has. */
  inputTopic: string;
  inputs: readonly StageDataset[];
  outputs: readonly StageOutput[];
  /** The dataset the outputs' fields come from, for the column lineage facet. */
  columnLineageInput?: StageDataset;
  /** Input facets of a run's event from the stage's own stored results (quality's data quality facets). */
  inputFacetsOf?: (ingestionRunId: string, producer: string) => Promise<Record<string, unknown> | undefined>;
}

/** Runs whose START this process reported, most recently active last; bounded, so an old run may get a second START. */
export const MAX_TRACKED_RUNS = 10_000;

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);
/** Positions are stored as PostgreSQL integers. */
const MAX_POSITION_INDEX = 2_147_483_647;

/**
 * Reports each stage's work as one OpenLineage run per ingestion run: START when the stage handles
 * the run's first record, RUNNING with the counts at most every LINEAGE_RUNNING_INTERVAL_MS,
 * COMPLETE once it has handled as many records as the run has on its input topic (or FAIL, when
 * some could not be processed), then announces how many records of the run it wrote to each output
 * topic, which is what the next stage waits for. Progress is stored per stage and run, each record
 * counted once by its position in the run (a redelivery or an upstream duplicate is not counted
 * again), so a restarted stage resumes the count: it may report START or RUNNING again; the end is
 * reported once the counts add up, at least once.
 */
@Injectable()
export class StageRunLineage implements DeadLetterObserver {
  private readonly logger = new Logger(StageRunLineage.name);
  /** Last report per stage run in this process (`job:run` → time); bounded by MAX_TRACKED_RUNS. */
  private readonly reported = new Map<string, number>();
  private readonly runningIntervalMs: number;
  /** The stages of this service by the topic they read: a record its consumer dead-letters counts for the stage reading it. */
  private readonly stagesByTopic = new Map<string, StageDefinition>();

  constructor(
    private readonly runs: StageRunRepository,
    private readonly lineage: LineagePublisher,
    private readonly publisher: KafkaPublisher,
    environment: BaseEnvironment,
  ) {
    this.runningIntervalMs = environment.LINEAGE_RUNNING_INTERVAL_MS ?? 10_000;
  }

  /** After a batch is processed (its outputs published): counts its records per run and reports what changed. */
  async recordHandled(stage: StageDefinition, records: readonly HandledRecord[]): Promise<void> {
    const byRun = new Map<string, HandledRun & { records: HandledRecord[] }>();
    for (const record of records) {
      // A uuid in upper case is the same run: grouped as PostgreSQL prints it.
      const runId = record.runId.toLowerCase();
      const run = byRun.get(runId);
      if (run) run.records.push(record);
      else byRun.set(runId, { runId, sourceId: record.sourceId, records: [record] });
    }
    const runs = [...byRun.values()];
    // All runs of the batch are counted in one transaction and reported together.
    const states = await this.runs.addHandledByRun(stage.jobName, runs);
    await this.report(stage, states.map((state, position) => ({ state, traceContext: runs[position].records[0].traceContext })));
  }

  /** Declares a stage of this service (at construction), so that its consumer's own dead letters count for its runs. */
  registerStage(stage: StageDefinition): void {
    this.stagesByTopic.set(stage.inputTopic, stage);
  }

  /**
   * Records the consumer dead-lettered before or instead of the stage (contract violations, isolated
   * poison records) count as failed for the stage reading that topic, so its run still ends; those
   * that do not say which run and position they are (not even JSON) cannot be counted for any run.
   */
  async deadLettered(topic: string, deadLetters: readonly DeadLetterRequest[]): Promise<void> {
    const stage = this.stagesByTopic.get(topic);
    if (!stage) return;
    const records: HandledRecord[] = deadLetters.flatMap((deadLetter) =>
      deadLetter.runId !== undefined && RUN_ID.test(deadLetter.runId) && deadLetter.sourceId !== undefined && SOURCE_ID.test(deadLetter.sourceId) &&
      deadLetter.index !== undefined && deadLetter.index <= MAX_POSITION_INDEX
        ? [{ runId: deadLetter.runId.toLowerCase(), sourceId: deadLetter.sourceId, index: deadLetter.index, outcome: 'failed' as const, error: deadLetter.reason }]
        : [],
    );
    if (records.length > 0) await this.recordHandled(stage, records);
  }

  /** A writer announced how many records of a run are on a topic; the stage reading that topic now knows when it is done. */
  async recordExpected(stage: StageDefinition, counts: readonly RunRecordCount[]): Promise<void> {
    const expected = counts.filter((count) => count.topic === stage.inputTopic).map((count) => ({ runId: count.runId, sourceId: count.sourceId, expected: count.recordCount }));
    const states = await this.runs.setExpectedByRun(stage.jobName, expected);
    await this.report(stage, states.map((state) => ({ state, traceContext: undefined })));
  }

  /**
   * Reports what changed in the runs of one batch: their events in one publish, then the outputs of
   * the runs that ended in one more, then their ends stored, so a crash in between reports them again.
   */
  private async report(stage: StageDefinition, changes: ReadonlyArray<{ state: StageRunState; traceContext: Context | undefined }>): Promise<void> {
    const reports: StageRunReport[] = [];
    const ended: Array<{ state: StageRunState; end: ReturnType<typeof endOf>; key: string }> = [];
    const started: string[] = [];
    const seen = new Set<string>();
    for (const { state, traceContext } of changes) {
      // An ended run stays ended: a record replayed into it later is counted, not reported.
      if (state.status !== 'running' || seen.has(state.runId)) continue;
      seen.add(state.runId);
      const key = `${stage.jobName}:${state.runId}`;
      const lastReport = this.reported.get(key);
      const finished = isFinished(state);
      const events: LineageEventType[] = [];
      if (lastReport === undefined && (state.handled > 0 || finished)) events.push('START');
      const end = finished ? endOf(state) : undefined;
      if (end) events.push(end.eventType);
      else if (lastReport !== undefined && Date.now() - lastReport >= this.runningIntervalMs) events.push('RUNNING');
      if (events.length === 0) continue;
      const inputFacets = await stage.inputFacetsOf?.(state.runId, this.lineage.producer);
      for (const eventType of events) reports.push(this.reportOf(stage, state, eventType, end?.errorMessage, inputFacets, traceContext));
      if (end) ended.push({ state, end, key });
      else started.push(key);
    }
    await this.lineage.publishStageRunReports(reports);
    for (const key of started) this.remember(key);
    if (ended.length === 0) return;
    await this.announceOutputs(
      stage,
      ended.map(({ state }) => state),
    );
    await this.runs.markEnded(
      stage.jobName,
      ended.map(({ state, end }) => ({ runId: state.runId, status: end.status === 'failed' ? 'failed' : 'complete' })),
    );
    for (const { state, end, key } of ended) {
      this.reported.delete(key);
      this.logger.debug(`${stage.jobName} run of ${state.runId}: ${end.eventType} after ${state.handled} records`);
    }
  }

  /** The next stage learns how many records of each ended run to expect on each output topic. */
  private async announceOutputs(stage: StageDefinition, states: readonly StageRunState[]): Promise<void> {
    const counts: RunRecordCount[] = states.flatMap((state) =>
      stage.outputs.flatMap((output) =>
        'topic' in output ? [{ runId: state.runId, sourceId: state.sourceId, topic: output.topic, recordCount: output.carries === 'quarantined' ? state.quarantined : state.passed, writtenBy: stage.jobName }] : [],
      ),
    );
    if (counts.length > 0) await this.publisher.publish(TOPICS.RUN_RECORD_COUNTS, counts.map((count) => ({ key: count.runId, value: count })));
  }

  private reportOf(
    stage: StageDefinition,
    state: StageRunState,
    eventType: LineageEventType,
    errorMessage: string | undefined,
    inputFacets: Record<string, unknown> | undefined,
    traceContext: Context | undefined,
  ): StageRunReport {
    const counts = { handled: state.handled, passed: state.passed, quarantined: state.quarantined };
    return {
      jobName: stage.jobName,
      stageRunId: stageRunIdOf(stage.jobName, state.runId),
      ingestionRunId: state.runId,
      sourceId: state.sourceId,
      eventType,
      inputs: stage.inputs,
      outputs: stage.outputs,
      counts,
      ...(state.failed > 0 ? { deadLetters: { count: state.failed, ...(state.firstError !== null ? { firstReason: state.firstError } : {}) } } : {}),
      ...(stage.columnLineageInput && Object.keys(state.maskedFields).length > 0
        ? {
            columnLineage: {
              input: stage.columnLineageInput,
              maskedByField: new Map(Object.entries(state.maskedFields)),
              policiesByField: new Map(Object.entries(state.maskingPolicies)),
            },
          }
        : {}),
      ...(inputFacets ? { inputFacets } : {}),
      ...(eventType === 'FAIL' && errorMessage !== undefined ? { errorMessage } : {}),
      ...(traceContext ? { traceContext } : {}),
    };
  }

  private remember(key: string): void {
    this.reported.delete(key);
    this.reported.set(key, Date.now());
    if (this.reported.size > MAX_TRACKED_RUNS) this.reported.delete(this.reported.keys().next().value as string);
  }
}
