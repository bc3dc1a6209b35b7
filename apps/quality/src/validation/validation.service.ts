import { Injectable } from '@nestjs/common';
import { ChartRecordEnvelope, LINEAGE_JOBS, ProtectedRecordEnvelope, TOPICS } from '@atlas/contracts';
import { ConsumedMessage, KafkaPublisher, LineageDatasets, LineagePublisher, OutgoingMessage, RecordBatch } from '@atlas/kafka';
import { protectedPathsOf, type CheckResult } from '../checks/record-checker';
import { ActiveContractRegistry } from '../contracts/active-contract.registry';
import { QuarantinedRecordEntity } from './quarantined-record.entity';
import { QuarantinedRecordRepository } from './quarantined-record.repository';
import { countCheckResults, countRuleViolations } from './quality.metrics';

const NO_CONTRACT = { contractId: 'none', contractVersion: '0' };

type QuarantinedRow = Omit<QuarantinedRecordEntity, 'quarantinedAt'>;

/**
 * Enforces each source's active data contract version per record. Valid records form the Chart
 * layer and go on to the sinks, naming the contract version that checked them; a record failing a
 * `fail` check is quarantined with every failed check (id, name, measured value) and that version.
 * A source without a contract is quarantined too: nothing reaches Navigate unchecked.
 */
@Injectable()
export class ValidationService {
  constructor(
    private readonly contracts: ActiveContractRegistry,
    private readonly quarantine: QuarantinedRecordRepository,
    private readonly publisher: KafkaPublisher,
    private readonly lineage: LineagePublisher,
    private readonly datasets: LineageDatasets,
  ) {}

  async validateBatch(batch: RecordBatch<ProtectedRecordEnvelope>): Promise<void> {
    // Until the contracts were read once, judging would quarantine every record as contract-less.
    if (!this.contracts.isLoaded()) await this.contracts.refresh();
    const chart: OutgoingMessage[] = [];
    const quarantined: QuarantinedRow[] = [];
    const checkResults: Array<{ sourceId: string; results: CheckResult[] }> = [];
    for (const message of batch.messages) {
      const verdict = this.judge(message, checkResults);
      if (verdict.valid) {
        chart.push(verdict.chart);
      } else {
        quarantined.push(verdict.quarantined);
        batch.quarantine(message);
      }
    }
    // Counted once, when the batch's offsets are committed: a retried run must not count twice.
    batch.whenProcessed(() => {
      countRuleViolations(quarantined.map((row) => ({ sourceId: row.sourceId, rules: row.reasons.map((reason) => reason.rule) })));
      for (const { sourceId, results } of checkResults) countCheckResults(sourceId, results);
    });
    await this.quarantine.insertIgnoringDuplicates(quarantined);
    await this.publisher.publish(TOPICS.CHART_RECORDS, chart);
    await this.lineage.publishStageRun({
      jobName: LINEAGE_JOBS.QUALITY_VALIDATE,
      records: batch.messages.map((message) => ({ ...message.value, traceContext: message.traceContext })),
      inputs: [this.datasets.topic(TOPICS.PROTECTED_RECORDS)],
      outputs: [this.datasets.topic(TOPICS.CHART_RECORDS), this.datasets.table('quality.quarantined_records')],
    });
  }

  private judge(message: ConsumedMessage<ProtectedRecordEnvelope>, checkResults: Array<{ sourceId: string; results: CheckResult[] }>): { valid: true; chart: OutgoingMessage } | { valid: false; quarantined: QuarantinedRow } {
    const record = message.value;
    const checker = this.contracts.forSource(record.sourceId);
    const row = { recordId: record.recordId, sourceId: record.sourceId, runId: record.runId, positionIndex: record.position.index, payload: record.payload };
    if (!checker) {
      const reasons = [{ rule: 'contract' as const, message: `no data contract is registered for source "${record.sourceId}"` }];
      return { valid: false, quarantined: { ...row, ...NO_CONTRACT, reasons, notEvaluated: [] } };
    }
    const verdict = checker.evaluate(record.payload, protectedPathsOf(record.protection.findings));
    checkResults.push({ sourceId: record.sourceId, results: [...verdict.failed, ...verdict.warned, ...verdict.notEvaluated] });
    const { contractId, contractVersion } = checker;
    if (verdict.failed.length === 0) {
      const chartRecord: ChartRecordEnvelope = { ...record, quality: { contractId, contractVersion, valid: true } };
      return { valid: true, chart: { key: record.recordId, value: chartRecord, traceContext: message.traceContext } };
    }
    return { valid: false, quarantined: { ...row, contractId, contractVersion, reasons: [...verdict.failed, ...verdict.warned], notEvaluated: verdict.notEvaluated } };
  }
}
