import { Injectable } from '@nestjs/common';
import { LINEAGE_JOBS, ProtectedRecordEnvelope, RunRecordCount, TOPICS } from '@atlas/contracts';
import { KafkaPublisher, RecordBatch, StageDefinition, StageRunLineage } from '@atlas/kafka';
import { ActiveContractRegistry } from '../contracts/active-contract.registry';
import { QualityEnvironment } from '../quality-environment';
import { ReferenceTablesService } from '../references/reference-tables.service';
import { qualityFacetsOf } from '../results/quality-facets';
import { ResultsRepository } from '../results/results.repository';
import { countJudgements } from './quality.metrics';
import { QuarantinedRecordRepository } from './quarantined-record.repository';
import { judgeRecord, type RecordJudgement } from './record-judgement';

/**
 * Enforces each source's active data contract version per record. Valid records form the Chart
 * layer and go on to the sinks, naming the contract version that checked them; a record failing a
 * `fail` check is quarantined with every failed check (id, name, measured value) and that version.
 * A source without a contract is quarantined too: nothing reaches Navigate unchecked. Each batch
 * adds to the check results of its runs (once per record) and tells lineage what was asserted.
 */
@Injectable()
export class ValidationService {
  constructor(
    private readonly contracts: ActiveContractRegistry,
    private readonly quarantine: QuarantinedRecordRepository,
    private readonly results: ResultsRepository,
    private readonly publisher: KafkaPublisher,
    private readonly stageRuns: StageRunLineage,
    private readonly environment: QualityEnvironment,
    private readonly references: ReferenceTablesService,
  ) {
    this.stage = {
      jobName: LINEAGE_JOBS.QUALITY_VALIDATE,
      inputTopic: TOPICS.PROTECTED_RECORDS,
      inputs: [{ topic: TOPICS.PROTECTED_RECORDS }],
      outputs: [{ topic: TOPICS.CHART_RECORDS }, { table: 'quality.quarantined_records', carries: 'quarantined' }],
      // What quality asserted on the run's records so far, from its stored check results.
      inputFacetsOf: async (ingestionRunId, producer) => {
        const [runs, checks] = await Promise.all([this.results.runsOf(ingestionRunId), this.results.checksOfRun(ingestionRunId)]);
        return qualityFacetsOf({ runs, checks }, ingestionRunId, producer);
      },
    };
    stageRuns.registerStage(this.stage);
  }

  private readonly stage: StageDefinition;

  async validateBatch(batch: RecordBatch<ProtectedRecordEnvelope>): Promise<void> {
    // Until the contracts were read once, judging would quarantine every record as contract-less.
    if (!this.contracts.isLoaded()) await this.contracts.refresh();
    const checkers = batch.messages.map((message) => this.contracts.forSource(message.value.sourceId));
    // Reference checks look values up in memory: the columns they need are loaded (or refreshed after their TTL) first.
    await this.references.prepare(new Set(checkers));
    const judgements = batch.messages.map((message, index) => judgeRecord(checkers[index], message.value, message.traceContext));
    batch.messages.forEach((message, index) => {
      if (!judgements[index].valid) batch.quarantine(message);
    });
    // Counted once, when the batch's offsets are committed: a retried run must not count twice.
    batch.whenProcessed(() => countJudgements(judgements));
    await this.quarantine.insertIgnoringDuplicates(judgements.flatMap((judgement) => (judgement.valid ? [] : [judgement.quarantined])));
    await this.results.addJudged(judgements, { fireAlerts: this.environment.QUALITY_ALERT_WEBHOOK_URL !== undefined, scoreAlertBelow: this.environment.QUALITY_ALERT_SCORE_BELOW });
    await this.publishValid(judgements, batch.partition);
    await this.stageRuns.recordHandled(
      this.stage,
      batch.messages.map(({ value: record, traceContext }, position) => ({
        runId: record.runId,
        sourceId: record.sourceId,
        index: record.position.index,
        outcome: judgements[position].valid ? 'passed' : 'quarantined',
        traceContext,
      })),
    );
  }

  /** How many records each run has on the protected topic. */
  async recordRunCounts(counts: readonly RunRecordCount[]): Promise<void> {
    await this.stageRuns.recordExpected(this.stage, counts);
  }

  /**
   * The one way to Chart, for the stream and for replays: the valid records, keyed by record id; the
   * stream passes the partition it consumed, so a run's records stay together (libs/kafka partition-hint.ts).
   */
  async publishValid(judgements: readonly RecordJudgement[], partitionHint?: number): Promise<void> {
    await this.publisher.publish(
      TOPICS.CHART_RECORDS,
      judgements.flatMap((judgement) => (judgement.valid ? [{ ...judgement.chart, partitionHint }] : [])),
    );
  }
}
