import { Injectable } from '@nestjs/common';
import { RawRecord, TOPICS } from '@atlas/contracts';
import { derivedRunId, EnvelopedRecord, envelopeRecord, IngestionRunPublisher, recordIdAtLocation, recordIdOfKey, RecordLimits } from '@atlas/ingestion';
import { ConsumedMessage, LineageDatasets, RecordBatch } from '@atlas/kafka';
import { ConnectorEnvironment } from '../connector-environment';
import { checkRawRecord, kafkaLocation } from './raw-record-check';

interface AcceptedRawRecord {
  message: ConsumedMessage<RawRecord>;
  location: string;
  recordKey?: string;
}

/**
 * External producers: raw JSON objects written to atlas.raw.records.v1 are checked, wrapped into
 * envelopes and forwarded into the pipeline. Each source's records of a consumed batch form one
 * ingestion run, whose id derives from the first offset, so a redelivered batch is the same run.
 * Record ids derive from the atlas-record-key header when given (the same key is the same record),
 * else from the topic/partition/offset, so a redelivered record is stored once.
 */
@Injectable()
export class RawRecordsService {
  private readonly limits: RecordLimits;

  constructor(
    environment: ConnectorEnvironment,
    private readonly ingestion: IngestionRunPublisher,
    private readonly datasets: LineageDatasets,
  ) {
    this.limits = environment.recordLimits();
  }

  async forwardBatch(batch: RecordBatch<RawRecord>): Promise<void> {
    const bySource = new Map<string, AcceptedRawRecord[]>();
    for (const message of batch.messages) {
      const location = kafkaLocation(batch.topic, message.partition, message.offset);
      const verdict = checkRawRecord(message.value, message.headers, this.limits);
      if (!verdict.accepted) {
        batch.deadLetter(message, verdict.reason, { location, ...(verdict.sourceId ? { sourceId: verdict.sourceId } : {}) });
        continue;
      }
      const group = bySource.get(verdict.sourceId) ?? [];
      group.push({ message, location, ...(verdict.recordKey !== undefined ? { recordKey: verdict.recordKey } : {}) });
      bySource.set(verdict.sourceId, group);
    }
    for (const [sourceId, records] of bySource) {
      await this.forwardRun(sourceId, records);
      await batch.keepAlive();
    }
  }

  private async forwardRun(sourceId: string, records: AcceptedRawRecord[]): Promise<void> {
    const runId = derivedRunId(`${sourceId}:${records[0].location}`);
    const ingestedAt = new Date().toISOString();
    const enveloped: EnvelopedRecord[] = records.map(({ message, location, recordKey }, index) => ({
      envelope: envelopeRecord({
        sourceId,
        runId,
        index,
        total: records.length,
        location,
        recordId: recordKey !== undefined ? recordIdOfKey(sourceId, recordKey) : recordIdAtLocation(sourceId, location),
        ingestedAt,
        payload: message.value,
      }),
      traceContext: message.traceContext,
    }));
    await this.ingestion.publishRun(enveloped, {
      sourceId,
      runId,
      inputs: [this.datasets.topic(TOPICS.RAW_RECORDS, sourceId)],
      traceContext: records[0].message.traceContext,
      sourceRange: { first: records[0].location, last: records[records.length - 1].location },
    });
  }
}
