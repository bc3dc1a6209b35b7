import { Injectable } from '@nestjs/common';
import { ChartRecordEnvelope, LINEAGE_JOBS, maskedByTopLevelField, TOPICS } from '@atlas/contracts';
import { LineageDatasets, LineagePublisher, RecordBatch } from '@atlas/kafka';
import { traceIdOf } from '@atlas/observability';
import { NavigateRecordRepository } from './navigate-record.repository';
import { countUnmaskedPii } from './unmasked-pii-canary';

/** Sink side of the connector: writes Chart records into the Navigate table in Postgres. */
@Injectable()
export class NavigateService {
  constructor(
    private readonly repository: NavigateRecordRepository,
    private readonly lineage: LineagePublisher,
    private readonly datasets: LineageDatasets,
  ) {}

  async writeBatch(batch: RecordBatch<ChartRecordEnvelope>): Promise<void> {
    await this.repository.insertIgnoringDuplicates(
      batch.messages.map(({ value: record, traceContext }) => ({
        recordId: record.recordId,
        sourceId: record.sourceId,
        runId: record.runId,
        positionIndex: record.position.index,
        payload: record.payload,
        policyId: record.protection.policyId,
        policyVersion: record.protection.policyVersion,
        contractId: record.quality.contractId,
        contractVersion: record.quality.contractVersion,
        traceId: traceIdOf(traceContext) ?? null,
      })),
    );
    batch.whenProcessed(() => countUnmaskedPii(batch.messages.map(({ value }) => value)));
    await this.lineage.publishStageRun({
      jobName: LINEAGE_JOBS.CONNECTOR_NAVIGATE,
      records: batch.messages.map((message) => ({ ...message.value, traceContext: message.traceContext })),
      inputs: [this.datasets.topic(TOPICS.CHART_RECORDS)],
      outputs: [this.datasets.table('connector.navigate_records')],
      // The Navigate table says which of its columns hold protected values.
      columnLineage: {
        input: this.datasets.topic(TOPICS.CHART_RECORDS),
        maskedByField: maskedByTopLevelField(batch.messages.map(({ value }) => ({ payload: value.payload, findings: value.protection.findings }))),
      },
    });
  }
}
