import { Injectable } from '@nestjs/common';
import { LINEAGE_JOBS, ProtectedRecordEnvelope, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { KafkaPublisher, LineageDatasets, LineagePublisher, RecordBatch } from '@atlas/kafka';
import { PayloadProtector } from './payload-protector';

@Injectable()
export class ProtectionService {
  private readonly protector = new PayloadProtector();

  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly lineage: LineagePublisher,
    private readonly datasets: LineageDatasets,
  ) {}

  /** Nothing leaves the Explore layer unprotected: only the protected payload is published on. */
  async protectBatch(batch: RecordBatch<RecordEnvelope>): Promise<void> {
    const outgoing = batch.messages.map((message) => {
      const { payload, protection } = this.protector.protect(message.value.payload);
      const record: ProtectedRecordEnvelope = { ...message.value, payload, protection };
      return { key: record.recordId, value: record, traceContext: message.traceContext };
    });
    await this.publisher.publish(TOPICS.PROTECTED_RECORDS, outgoing);
    await this.lineage.publishStageRun({
      jobName: LINEAGE_JOBS.PII_PROTECT,
      records: batch.messages.map((message) => ({ ...message.value, traceContext: message.traceContext })),
      inputs: [this.datasets.topic(TOPICS.EXPLORE_RECORDS)],
      outputs: [this.datasets.topic(TOPICS.PROTECTED_RECORDS)],
    });
  }
}
