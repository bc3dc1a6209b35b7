import { Injectable } from '@nestjs/common';
import { computeChecksum, LINEAGE_JOBS, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { ConsumedMessage, KafkaPublisher, LineageDatasets, LineagePublisher, RecordBatch } from '@atlas/kafka';
import { ExploreRecordRepository } from './explore-record.repository';

/** Source side of the connector: lands raw records in the Explore layer and passes them on. */
@Injectable()
export class ExploreService {
  constructor(
    private readonly repository: ExploreRecordRepository,
    private readonly publisher: KafkaPublisher,
    private readonly lineage: LineagePublisher,
    private readonly datasets: LineageDatasets,
  ) {}

  async landBatch(batch: RecordBatch<RecordEnvelope>): Promise<void> {
    const accepted: ConsumedMessage<RecordEnvelope>[] = [];
    for (const message of batch.messages) {
      const record = message.value;
      // A checksum that no longer matches means the payload changed after it entered Atlas.
      if (computeChecksum(record.payload) !== record.checksum) {
        batch.deadLetter(message, 'checksum mismatch: the payload does not match the checksum computed at ingestion', {
          index: record.position.index,
          sourceId: record.sourceId,
          runId: record.runId,
          ...(record.position.location !== undefined ? { location: record.position.location } : {}),
        });
        continue;
      }
      accepted.push(message);
    }
    if (accepted.length === 0) return;
    await this.repository.insertIgnoringDuplicates(
      accepted.map(({ value: record }) => ({
        recordId: record.recordId,
        sourceId: record.sourceId,
        runId: record.runId,
        positionIndex: record.position.index,
        checksum: record.checksum,
        payload: record.payload,
        sourceLocation: record.position.location ?? null,
        ingestedAt: new Date(record.ingestedAt),
      })),
    );
    await this.publisher.publish(
      TOPICS.EXPLORE_RECORDS,
      accepted.map((message) => ({ key: message.value.recordId, value: message.value, traceContext: message.traceContext })),
    );
    await this.lineage.publishStageRun({
      jobName: LINEAGE_JOBS.CONNECTOR_EXPLORE,
      records: accepted.map((message) => ({ ...message.value, traceContext: message.traceContext })),
      inputs: [this.datasets.topic(TOPICS.INGEST_RECORDS)],
      outputs: [this.datasets.table('connector.explore_records'), this.datasets.topic(TOPICS.EXPLORE_RECORDS)],
    });
  }
}
