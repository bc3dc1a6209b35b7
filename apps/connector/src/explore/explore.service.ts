import { Injectable } from '@nestjs/common';
import { computeChecksum, LINEAGE_JOBS, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { ConsumedMessage, HandledRecord, KafkaPublisher, RecordBatch, StageDefinition, StageRunLineage } from '@atlas/kafka';
import { ExploreRecordRepository } from './explore-record.repository';
import { profileColumnHints } from './profile/column-hints';

const CHECKSUM_MISMATCH = 'checksum mismatch: the payload does not match the checksum computed at ingestion';

/** The Explore stage in lineage: the ingest topic in; the Explore table and topic out. */
export const EXPLORE_STAGE: StageDefinition = {
  jobName: LINEAGE_JOBS.CONNECTOR_EXPLORE,
  inputTopic: TOPICS.INGEST_RECORDS,
  inputs: [{ topic: TOPICS.INGEST_RECORDS }],
  outputs: [{ table: 'connector.explore_records' }, { topic: TOPICS.EXPLORE_RECORDS }],
};

/** Source side of the connector: lands raw records in the Explore layer and passes them on. */
@Injectable()
export class ExploreService {
  constructor(
    private readonly repository: ExploreRecordRepository,
    private readonly publisher: KafkaPublisher,
    private readonly stageRuns: StageRunLineage,
  ) {
    stageRuns.registerStage(EXPLORE_STAGE);
  }

  async landBatch(batch: RecordBatch<RecordEnvelope>): Promise<void> {
    const accepted: ConsumedMessage<RecordEnvelope>[] = [];
    const handled: HandledRecord[] = [];
    for (const message of batch.messages) {
      const record = message.value;
      // A checksum that no longer matches means the payload changed after it entered Atlas.
      if (computeChecksum(record.payload) !== record.checksum) {
        batch.deadLetter(message, CHECKSUM_MISMATCH, {
          index: record.position.index,
          sourceId: record.sourceId,
          runId: record.runId,
          ...(record.position.location !== undefined ? { location: record.position.location } : {}),
        });
        handled.push(handledRecord(message, 'failed'));
        continue;
      }
      accepted.push(message);
      handled.push(handledRecord(message, 'passed'));
    }
    if (accepted.length > 0) {
      const profiles = await this.repository.insertIgnoringDuplicates(
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
      // The first record of each run carries what this batch's profile says of the run's fields (pii-detection's prior).
      const hintsByRun = new Map(profiles.map((profile) => [profile.runId, profileColumnHints(profile)]));
      await this.publisher.publish(
        TOPICS.EXPLORE_RECORDS,
        accepted.map(({ value, traceContext }) => {
          // Hints come from this stage only: any an ingest message carried are dropped.
          const { columnHints: _carried, ...record } = value;
          const columnHints = hintsByRun.get(record.runId);
          hintsByRun.delete(record.runId);
          return { key: record.recordId, value: columnHints?.length ? { ...record, columnHints } : record, traceContext, partitionHint: batch.partition };
        }),
      );
    }
    await this.stageRuns.recordHandled(EXPLORE_STAGE, handled);
  }
}

function handledRecord(message: ConsumedMessage<RecordEnvelope>, outcome: 'passed' | 'failed'): HandledRecord {
  const { value: record } = message;
  return {
    runId: record.runId,
    sourceId: record.sourceId,
    index: record.position.index,
    outcome,
    ...(outcome === 'failed' ? { error: CHECKSUM_MISMATCH } : {}),
    traceContext: message.traceContext,
  };
}
