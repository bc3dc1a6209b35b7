import { Injectable } from '@nestjs/common';
import { Context } from '@opentelemetry/api';
import { RawRecord, TOPICS } from '@atlas/contracts';
import { derivedRunId, EnvelopedRecord, envelopeRecord, IngestionRunPublisher, recordIdAtLocation, recordIdOfKey, RecordLimits } from '@atlas/ingestion';
import { ConsumedMessage, LineageDatasets, RecordBatch } from '@atlas/kafka';
import { ConnectorEnvironment } from '../connector-environment';
import { checkRawRecord, kafkaLocation } from './raw-record-check';
import { PartitionRawRun, RawRecordRunRepository } from './raw-record-run.repository';
import { RawRecordRun, RawRunPolicy } from './raw-record-runs';

interface AcceptedRawRecord {
  message: ConsumedMessage<RawRecord>;
  location: string;
  recordKey?: string;
}

/** Where an offset of atlas.raw.records.v1 is: a run names its first and last records so. */
function locationOf(partition: number, offset: number): string {
  return kafkaLocation(TOPICS.RAW_RECORDS, partition, String(offset));
}

/**
 * External producers: raw JSON objects written to atlas.raw.records.v1 are checked, wrapped into
 * envelopes and forwarded into the pipeline. Each source's records on a partition are cut into runs
 * by time window (raw-record-runs.ts), stored, so a redelivered record is in the same run at the same
 * position; a run's count is announced when it is closed, here or by the sweep. Record ids derive
 * from the atlas-record-key header when given (the same key is the same record), else from the
 * topic/partition/offset, so a redelivered record is stored once.
 */
@Injectable()
export class RawRecordsService {
  private readonly limits: RecordLimits;
  readonly policy: RawRunPolicy;

  constructor(
    environment: ConnectorEnvironment,
    private readonly ingestion: IngestionRunPublisher,
    private readonly datasets: LineageDatasets,
    private readonly runs: RawRecordRunRepository,
  ) {
    this.limits = environment.recordLimits();
    this.policy = { windowMs: environment.CONNECTOR_RAW_RUN_WINDOW_MS, maxRecords: environment.CONNECTOR_RAW_RUN_MAX_RECORDS, maxSpan: 10 * environment.CONNECTOR_RAW_RUN_MAX_RECORDS };
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
      await this.forwardRecords(sourceId, batch.partition, records);
      await batch.keepAlive();
    }
  }

  /** Announces the count of runs closed elsewhere (the sweep): the stages then know when they have seen them all. */
  async announce(runs: readonly PartitionRawRun[]): Promise<void> {
    for (const run of runs) await this.publishRunEvent(run.sourceId, run.partition, run, 'COMPLETE');
    await this.runs.markAnnounced(runs.map((run) => run.runId));
  }

  private async forwardRecords(sourceId: string, partition: number, records: AcceptedRawRecord[]): Promise<void> {
    // A batch is one partition; a record at an offset seen twice is kept once.
    const byOffset = new Map(records.map((record) => [Number(record.message.offset), record]));
    const offsets = [...byOffset.keys()].sort((left, right) => left - right);
    const plan = await this.runs.assign(sourceId, partition, offsets, this.policy, (firstOffset) =>
      derivedRunId(`${sourceId}:${locationOf(partition, firstOffset)}`),
    );
    const ingestedAt = new Date().toISOString();
    const enveloped: EnvelopedRecord[] = plan.assignments.map(({ offset, runId, index }) => {
      const { message, location, recordKey } = byOffset.get(offset) as AcceptedRawRecord;
      return {
        envelope: envelopeRecord({
          sourceId,
          runId,
          index,
          location,
          recordId: recordKey !== undefined ? recordIdOfKey(sourceId, recordKey) : recordIdAtLocation(sourceId, location),
          ingestedAt,
          payload: message.value,
        }),
        traceContext: message.traceContext,
        partitionHint: partition,
      };
    });
    await this.ingestion.publishRecords(enveloped);
    const traceContext = records[0].message.traceContext;
    for (const run of plan.opened) if (!run.closed) await this.publishRunEvent(sourceId, partition, run, 'START', traceContext);
    if (plan.closed.length === 0) return;
    for (const run of plan.closed) await this.publishRunEvent(sourceId, partition, run, 'COMPLETE', traceContext);
    await this.runs.markAnnounced(plan.closed.map((run) => run.runId));
  }

  private async publishRunEvent(sourceId: string, partition: number, run: RawRecordRun, eventType: 'START' | 'COMPLETE', traceContext?: Context): Promise<void> {
    await this.ingestion.publishRunLineage({
      sourceId,
      traceContext,
      runId: run.runId,
      recordCount: run.recordCount,
      eventType,
      inputs: [this.datasets.topic(TOPICS.RAW_RECORDS, sourceId)],
      sourceRange: { first: locationOf(partition, run.firstOffset), last: locationOf(partition, run.lastOffset) },
    });
  }
}
