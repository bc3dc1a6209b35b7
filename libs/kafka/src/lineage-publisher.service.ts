import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@opentelemetry/api';
import { BaseEnvironment } from '@atlas/config';
import {
  buildRunEvent,
  columnLineageFacet,
  ingestionJobName,
  LineageDataset,
  LineageEventType,
  stageRunId,
  TOPICS,
} from '@atlas/contracts';
import { KAFKA_SERVICE_NAME } from './kafka.constants';
import { KafkaPublisher, OutgoingMessage } from './kafka-publisher.service';

/** What a stage knows about each record it processed, enough to place it in lineage. */
export interface ProcessedRecordReference {
  recordId: string;
  runId: string;
  sourceId: string;
  traceContext?: Context;
}

export interface StageRun {
  jobName: string;
  records: readonly ProcessedRecordReference[];
  inputs: LineageDataset[];
  outputs: LineageDataset[];
  eventType?: LineageEventType;
  /** Column lineage of every output: which input the fields come from and which were masked. */
  columnLineage?: { input: LineageDataset; maskedByField: ReadonlyMap<string, boolean> };
  /** Input facets of the event of one ingestion run (e.g. what quality found in its records), given the producer URI. */
  inputFacetsOf?: (ingestionRunId: string, producer: string) => Record<string, unknown> | undefined;
}

/** Names datasets the way the OpenLineage naming spec does: namespace = scheme://authority, name = path. */
@Injectable()
export class LineageDatasets {
  private readonly kafkaNamespace: string;
  private readonly postgresNamespace: string;
  private readonly databaseName: string;

  constructor(environment: BaseEnvironment) {
    this.kafkaNamespace = `kafka://${environment.KAFKA_BROKERS[0]}`;
    const databaseUrl = new URL(environment.DATABASE_URL);
    this.postgresNamespace = `postgres://${databaseUrl.hostname}:${databaseUrl.port || '5432'}`;
    this.databaseName = databaseUrl.pathname.replace(/^\//, '') || 'postgres';
  }

  topic(name: string): LineageDataset {
    return { namespace: this.kafkaNamespace, name };
  }

  /** `table` is schema-qualified, e.g. `connector.explore_records`; the database name leads. */
  table(table: string): LineageDataset {
    return { namespace: this.postgresNamespace, name: `${this.databaseName}.${table}` };
  }
}

/**
 * Emits one OpenLineage COMPLETE event per ingestion run touched by a processed batch. Its run id
 * derives from the job and the record ids, so a redelivered batch yields the same event id.
 */
@Injectable()
export class LineagePublisher {
  private readonly producerUri: string;

  constructor(
    private readonly publisher: KafkaPublisher,
    @Inject(KAFKA_SERVICE_NAME) serviceName: string,
  ) {
    this.producerUri = `urn:atlas:${serviceName}`;
  }

  /** The root run of an ingestion: the run every stage run of its records names as parent. */
  async publishRootRun(run: {
    jobName: string;
    runId: string;
    recordCount: number;
    inputs: LineageDataset[];
    outputs: LineageDataset[];
    traceContext?: Context;
    /** COMPLETE by default: a push is one event; a connector run also emits START, then COMPLETE, FAIL or ABORT. */
    eventType?: LineageEventType;
    sourceRange?: { first: string; last: string };
  }): Promise<void> {
    const event = buildRunEvent({
      producer: this.producerUri,
      jobName: run.jobName,
      runId: run.runId,
      eventType: run.eventType ?? 'COMPLETE',
      ...(run.sourceRange ? { sourceRange: run.sourceRange } : {}),
      eventTime: new Date(),
      inputs: run.inputs,
      outputs: run.outputs,
      recordCount: run.recordCount,
    });
    await this.publisher.publish(TOPICS.LINEAGE_EVENTS, [{ key: run.runId, value: event, traceContext: run.traceContext }]);
  }

  async publishStageRun(stageRun: StageRun): Promise<void> {
    const byIngestionRun = new Map<string, ProcessedRecordReference[]>();
    for (const record of stageRun.records) {
      const group = byIngestionRun.get(record.runId) ?? [];
      group.push(record);
      byIngestionRun.set(record.runId, group);
    }
    const messages: OutgoingMessage[] = [];
    const eventTime = new Date();
    const lineage = stageRun.columnLineage;
    const outputs = lineage
      ? stageRun.outputs.map((output) => ({
          ...output,
          facets: { ...output.facets, columnLineage: columnLineageFacet(this.producerUri, lineage.input, lineage.maskedByField) },
        }))
      : stageRun.outputs;
    for (const [ingestionRunId, records] of byIngestionRun) {
      const event = buildRunEvent({
        producer: this.producerUri,
        jobName: stageRun.jobName,
        runId: stageRunId(stageRun.jobName, records.map((record) => record.recordId)),
        eventType: stageRun.eventType ?? 'COMPLETE',
        eventTime,
        parent: { runId: ingestionRunId, jobName: ingestionJobName(records[0].sourceId) },
        inputs: this.inputsOf(stageRun, ingestionRunId),
        outputs,
        recordCount: records.length,
      });
      messages.push({ key: ingestionRunId, value: event, traceContext: records[0].traceContext });
    }
    await this.publisher.publish(TOPICS.LINEAGE_EVENTS, messages);
  }

  private inputsOf(stageRun: StageRun, ingestionRunId: string): LineageDataset[] {
    const inputFacets = stageRun.inputFacetsOf?.(ingestionRunId, this.producerUri);
    return inputFacets ? stageRun.inputs.map((input) => ({ ...input, inputFacets: { ...input.inputFacets, ...inputFacets } })) : stageRun.inputs;
  }
}
