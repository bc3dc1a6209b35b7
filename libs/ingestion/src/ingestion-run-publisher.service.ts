import { Injectable } from '@nestjs/common';
import { Context } from '@opentelemetry/api';
import { ingestionJobName, LineageDataset, LineageEventType, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { KafkaPublisher, LineageDatasets, LineagePublisher } from '@atlas/kafka';
import { runPartitionHint } from './run-partitions';

export interface EnvelopedRecord {
  envelope: RecordEnvelope;
  /** The trace this record continues (a push request, a consumed raw message, a connector run). */
  traceContext?: Context;
  /**
   * The raw topic partition it was consumed from: its run's records then share an ingest partition.
   * Without it, the run's records go in chunks of consecutive records, each chunk to one partition (runPartitionHint).
   */
  partitionHint?: number;
}

export interface IngestionRunLineage {
  sourceId: string;
  runId: string;
  recordCount: number;
  /** Where the records were read, besides the source itself (e.g. the raw topic); none for a push. */
  inputs?: LineageDataset[];
  eventType?: LineageEventType;
  traceContext?: Context;
  /** First and last source locations of the run's records, when the source has locations. */
  sourceRange?: { first: string; last: string };
  /** Why the run failed (FAIL); never a record value. */
  errorMessage?: string;
}

/**
 * The one way records enter the pipeline, whichever the source (REST push, external producers,
 * connector runs): enveloped records are published to atlas.ingest.records.v1 keyed by record id
 * (acks=all, idempotent producer), and the run is reported as the root OpenLineage run
 * `ingest.<source>` every stage run of its records names as parent.
 */
@Injectable()
export class IngestionRunPublisher {
  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly lineage: LineagePublisher,
    private readonly datasets: LineageDatasets,
  ) {}

  async publishRecords(records: readonly EnvelopedRecord[]): Promise<void> {
    await this.publisher.publish(
      TOPICS.INGEST_RECORDS,
      records.map(({ envelope, traceContext, partitionHint }) => ({
        key: envelope.recordId,
        value: envelope,
        traceContext,
        partitionHint: partitionHint ?? runPartitionHint(envelope.runId, envelope.position.index),
      })),
    );
  }

  /**
   * Reports the root run; at its end (COMPLETE, ABORT, FAIL) also announces how many of its records
   * are on the ingest topic, which is when the Explore stage knows it has seen them all.
   */
  async publishRunLineage(run: IngestionRunLineage): Promise<void> {
    await this.lineage.publishRootRun({
      sourceId: run.sourceId,
      recordTopic: TOPICS.INGEST_RECORDS,
      jobName: ingestionJobName(run.sourceId),
      runId: run.runId,
      recordCount: run.recordCount,
      inputs: run.inputs ?? [],
      outputs: [this.datasets.topic(TOPICS.INGEST_RECORDS, run.sourceId)],
      traceContext: run.traceContext,
      ...(run.eventType ? { eventType: run.eventType } : {}),
      ...(run.sourceRange ? { sourceRange: run.sourceRange } : {}),
      ...(run.errorMessage !== undefined ? { errorMessage: run.errorMessage } : {}),
    });
  }

  /** A run published at once (a push, a batch of raw records): its records, then its COMPLETE event. */
  async publishRun(records: readonly EnvelopedRecord[], run: Omit<IngestionRunLineage, 'recordCount' | 'eventType'>): Promise<void> {
    await this.publishRecords(records);
    await this.publishRunLineage({ ...run, recordCount: records.length });
  }
}
