import { Injectable } from '@nestjs/common';
import { ChartRecordEnvelope, LINEAGE_JOBS, ProtectedRecordEnvelope, TOPICS } from '@atlas/contracts';
import { ConsumedMessage, KafkaPublisher, LineageDatasets, LineagePublisher, OutgoingMessage, RecordBatch } from '@atlas/kafka';
import { checkRecord } from './data-contract';
import { DataContractRegistry } from './data-contract.registry';
import { QuarantinedRecordEntity } from './quarantined-record.entity';
import { QuarantinedRecordRepository } from './quarantined-record.repository';
import { countRuleViolations } from './quality.metrics';

const NO_CONTRACT = { contractId: 'none', contractVersion: '0' };

/**
 * Enforces each source's data contract per record. Valid records form the Chart layer and go on to
 * the sinks; the others are quarantined with every reason. A source without a contract is
 * quarantined too: nothing reaches Navigate unchecked.
 */
@Injectable()
export class ValidationService {
  constructor(
    private readonly contracts: DataContractRegistry,
    private readonly quarantine: QuarantinedRecordRepository,
    private readonly publisher: KafkaPublisher,
    private readonly lineage: LineagePublisher,
    private readonly datasets: LineageDatasets,
  ) {}

  async validateBatch(batch: RecordBatch<ProtectedRecordEnvelope>): Promise<void> {
    const chart: OutgoingMessage[] = [];
    const quarantined: Omit<QuarantinedRecordEntity, 'quarantinedAt'>[] = [];
    for (const message of batch.messages) {
      const verdict = this.judge(message);
      if (verdict.valid) {
        chart.push(verdict.chart);
      } else {
        quarantined.push(verdict.quarantined);
        batch.quarantine(message);
      }
    }
    batch.whenProcessed(() => countRuleViolations(quarantined.map((row) => ({ sourceId: row.sourceId, rules: row.reasons.map((reason) => reason.rule) }))));
    await this.quarantine.insertIgnoringDuplicates(quarantined);
    await this.publisher.publish(TOPICS.CHART_RECORDS, chart);
    await this.lineage.publishStageRun({
      jobName: LINEAGE_JOBS.QUALITY_VALIDATE,
      records: batch.messages.map((message) => ({ ...message.value, traceContext: message.traceContext })),
      inputs: [this.datasets.topic(TOPICS.PROTECTED_RECORDS)],
      outputs: [this.datasets.topic(TOPICS.CHART_RECORDS), this.datasets.table('quality.quarantined_records')],
    });
  }

  private judge(
    message: ConsumedMessage<ProtectedRecordEnvelope>,
  ): { valid: true; chart: OutgoingMessage } | { valid: false; quarantined: Omit<QuarantinedRecordEntity, 'quarantinedAt'> } {
    const record = message.value;
    const contract = this.contracts.forSource(record.sourceId);
    const reasons = contract
      ? checkRecord(contract, record.payload)
      : [{ rule: 'contract', message: `no data contract is registered for source "${record.sourceId}"` }];
    const { contractId, contractVersion } = contract ?? NO_CONTRACT;
    if (reasons.length === 0) {
      const chartRecord: ChartRecordEnvelope = { ...record, quality: { contractId, contractVersion, valid: true } };
      return { valid: true, chart: { key: record.recordId, value: chartRecord, traceContext: message.traceContext } };
    }
    return {
      valid: false,
      quarantined: {
        recordId: record.recordId,
        sourceId: record.sourceId,
        runId: record.runId,
        positionIndex: record.position.index,
        contractId,
        contractVersion,
        reasons,
        payload: record.payload,
      },
    };
  }
}
