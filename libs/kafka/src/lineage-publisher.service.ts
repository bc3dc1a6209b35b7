import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@opentelemetry/api';
import { BaseEnvironment } from '@atlas/config';
import {
  buildRunEvent,
  ColumnMaskingPolicy,
  columnLineageFacet,
  dataSourceFacet,
  ingestionJobName,
  inputStatisticsFacet,
  lineageJobNamespace,
  outputStatisticsFacet,
  schemaFacet,
  LineageDataset,
  LineageEventType,
  RunEvent,
  RunRecordCount,
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
  /** The stage kept the record aside (quality's quarantine): it went to the outputs that carry quarantined records. */
  quarantined?: boolean;
}

/** The event of one stage run: its datasets (named for its source), counts so far and facets. */
export interface StageRunReport {
  jobName: string;
  stageRunId: string;
  ingestionRunId: string;
  sourceId: string;
  eventType: LineageEventType;
  inputs: readonly StageDataset[];
  outputs: readonly StageOutput[];
  /** Records handled; passed on (to outputs carrying 'passed'); kept back (to outputs carrying 'quarantined'). */
  counts: { handled: number; passed: number; quarantined: number };
  /** Records of the run dead-lettered so far (by the stage or its consumer) and the first reason: an extra output, the dead-letter topic. */
  deadLetters?: { count: number; firstReason?: string };
  columnLineage?: { input: StageDataset; maskedByField: ReadonlyMap<string, boolean>; policiesByField?: ReadonlyMap<string, readonly ColumnMaskingPolicy[]> };
  inputFacets?: Record<string, unknown>;
  errorMessage?: string;
  traceContext?: Context;
}

/** A dataset a stage reads or writes; named per source when an event is built (see LineageDatasets). */
export type StageDataset = { topic: string } | { table: string };

/** An output and which of the stage's records went to it (by default those not quarantined). */
export type StageOutput = StageDataset & { carries?: 'passed' | 'quarantined' };

export interface StageRun {
  jobName: string;
  records: readonly ProcessedRecordReference[];
  inputs: readonly StageDataset[];
  outputs: readonly StageOutput[];
  eventType?: LineageEventType;
  /** Column lineage of every output: which input the fields come from and, per ingestion run, which were masked. */
  columnLineage?: { input: StageDataset; maskedByField: (ingestionRunId: string) => ReadonlyMap<string, boolean> };
  /** Input facets of the event of one ingestion run (e.g. what quality found in its records), given the producer URI. */
  inputFacetsOf?: (ingestionRunId: string, producer: string) => Record<string, unknown> | undefined;
}

/**
 * Names datasets the way the OpenLineage naming spec does (namespace = scheme://authority, name =
 * path), one dataset per source: `kafka://{LINEAGE_KAFKA_CLUSTER}` + `{topic}/{source}` and
 * `postgres://host:port` + `{database}.{schema}.{table}/{source}` (a topic name has no `/`), so the
 * graphs of two sources never share a node and every service names a topic alike.
 */
@Injectable()
export class LineageDatasets {
  private readonly kafkaNamespace: string;
  private readonly postgresNamespace: string;
  private readonly databaseName: string;

  constructor(environment: BaseEnvironment) {
    this.kafkaNamespace = `kafka://${environment.LINEAGE_KAFKA_CLUSTER ?? 'atlas'}`;
    const databaseUrl = new URL(environment.DATABASE_URL);
    this.postgresNamespace = `postgres://${databaseUrl.hostname}:${databaseUrl.port || '5432'}`;
    this.databaseName = databaseUrl.pathname.replace(/^\//, '') || 'postgres';
  }

  /** The records of one source on a topic. */
  topic(name: string, sourceId: string): LineageDataset {
    return { namespace: this.kafkaNamespace, name: `${name}/${sourceId}` };
  }

  /** The rows of one source in a table; `table` is schema-qualified, e.g. `connector.explore_records`, and the database name leads. */
  table(table: string, sourceId: string): LineageDataset {
    return { namespace: this.postgresNamespace, name: `${this.databaseName}.${table}/${sourceId}` };
  }

  named(dataset: StageDataset, sourceId: string): LineageDataset {
    return 'topic' in dataset ? this.topic(dataset.topic, sourceId) : this.table(dataset.table, sourceId);
  }
}

/**
 * Emits one OpenLineage COMPLETE event per ingestion run touched by a processed batch. Its run id
 * derives from the job and the record ids, so a redelivered batch yields the same event id. Every
 * dataset is the run's source's own, with its dataSource facet and the batch's row counts.
 */
@Injectable()
export class LineagePublisher {
  private readonly producerUri: string;

  constructor(
    private readonly publisher: KafkaPublisher,
    private readonly datasets: LineageDatasets,
    @Inject(KAFKA_SERVICE_NAME) serviceName: string,
  ) {
    this.producerUri = `urn:atlas:${serviceName}`;
  }

  /**
   * The root run of an ingestion: the run every stage run of its records names as parent. At its
   * end (COMPLETE, ABORT, FAIL) it also announces how many of the run's records are on `recordTopic`,
   * after the event: the stage reading that topic knows then when it has seen them all.
   */
  async publishRootRun(run: {
    jobName: string;
    sourceId: string;
    /** The topic the run's records were published to. */
    recordTopic: string;
    runId: string;
    recordCount: number;
    inputs: LineageDataset[];
    outputs: LineageDataset[];
    traceContext?: Context;
    /** COMPLETE by default: a push is one event; a connector run also emits START, then COMPLETE, FAIL or ABORT. */
    eventType?: LineageEventType;
    sourceRange?: { first: string; last: string };
    /** Why the run failed (a FAIL event); never a record value. */
    errorMessage?: string;
  }): Promise<void> {
    const event = buildRunEvent({
      producer: this.producerUri,
      jobName: run.jobName,
      jobNamespace: lineageJobNamespace(run.sourceId),
      runId: run.runId,
      eventType: run.eventType ?? 'COMPLETE',
      ...(run.sourceRange ? { sourceRange: run.sourceRange } : {}),
      ...(run.errorMessage !== undefined ? { errorMessage: run.errorMessage } : {}),
      eventTime: new Date(),
      inputs: run.inputs.map((input) => this.withDataSource(input)),
      outputs: run.outputs.map((output) => ({ ...this.withDataSource(output), outputFacets: { outputStatistics: outputStatisticsFacet(this.producerUri, run.recordCount) } })),
      recordCount: run.recordCount,
    });
    await this.publisher.publish(TOPICS.LINEAGE_EVENTS, [{ key: run.runId, value: event, traceContext: run.traceContext }]);
    if (event.eventType === 'COMPLETE' || event.eventType === 'ABORT' || event.eventType === 'FAIL') {
      const count: RunRecordCount = { runId: run.runId, sourceId: run.sourceId, topic: run.recordTopic, recordCount: run.recordCount, writtenBy: run.jobName };
      await this.publisher.publish(TOPICS.RUN_RECORD_COUNTS, [{ key: run.runId, value: count, traceContext: run.traceContext }]);
    }
  }

  /**
   * One event per ingestion run of a batch (a one-off run such as a replay through the API): its
   * run id derives from the job and the record ids, so the same records give the same run.
   */
  async publishStageRun(stageRun: StageRun): Promise<void> {
    const byIngestionRun = new Map<string, ProcessedRecordReference[]>();
    for (const record of stageRun.records) {
      const group = byIngestionRun.get(record.runId) ?? [];
      group.push(record);
      byIngestionRun.set(record.runId, group);
    }
    const reports: StageRunReport[] = [];
    for (const [ingestionRunId, records] of byIngestionRun) {
      const quarantined = records.filter((record) => record.quarantined === true).length;
      const lineage = stageRun.columnLineage;
      reports.push({
        jobName: stageRun.jobName,
        stageRunId: stageRunId(stageRun.jobName, records.map((record) => record.recordId)),
        ingestionRunId,
        sourceId: records[0].sourceId,
        eventType: stageRun.eventType ?? 'COMPLETE',
        inputs: stageRun.inputs,
        outputs: stageRun.outputs,
        counts: { handled: records.length, passed: records.length - quarantined, quarantined },
        ...(lineage ? { columnLineage: { input: lineage.input, maskedByField: lineage.maskedByField(ingestionRunId) } } : {}),
        inputFacets: stageRun.inputFacetsOf?.(ingestionRunId, this.producerUri),
        traceContext: records[0].traceContext,
      });
    }
    await this.publishStageRunReports(reports);
  }

  /** Publishes the events of stage runs, each keyed by its ingestion run (so they stay in order), stamped with one time. */
  async publishStageRunReports(reports: readonly StageRunReport[]): Promise<void> {
    if (reports.length === 0) return;
    const eventTime = new Date();
    const messages: OutgoingMessage[] = reports.map((report) => ({ key: report.ingestionRunId, value: this.stageRunEvent(report, eventTime), traceContext: report.traceContext }));
    await this.publisher.publish(TOPICS.LINEAGE_EVENTS, messages);
  }

  /** The producer URI of this service's events (facets name it too). */
  get producer(): string {
    return this.producerUri;
  }

  private stageRunEvent(report: StageRunReport, eventTime: Date): RunEvent {
    return buildRunEvent({
      producer: this.producerUri,
      jobName: report.jobName,
      jobNamespace: lineageJobNamespace(report.sourceId),
      runId: report.stageRunId,
      eventType: report.eventType,
      eventTime,
      parent: { runId: report.ingestionRunId, jobName: ingestionJobName(report.sourceId) },
      inputs: report.inputs.map((input) => ({
        ...this.withDataSource(this.datasets.named(input, report.sourceId)),
        inputFacets: { inputStatistics: inputStatisticsFacet(this.producerUri, report.counts.handled), ...report.inputFacets },
      })),
      outputs: this.outputsOf(report),
      recordCount: report.counts.handled,
      ...(report.deadLetters && report.deadLetters.count > 0 ? { deadLetters: report.deadLetters } : {}),
      ...(report.errorMessage !== undefined ? { errorMessage: report.errorMessage } : {}),
    });
  }

  private withDataSource(dataset: LineageDataset): LineageDataset {
    return { ...dataset, facets: { dataSource: dataSourceFacet(this.producerUri, dataset.namespace), ...dataset.facets } };
  }

  private outputsOf(report: StageRunReport): LineageDataset[] {
    const lineage = report.columnLineage;
    const outputs = report.outputs.map((output) => {
      const dataset = this.withDataSource(this.datasets.named(output, report.sourceId));
      const rowCount = output.carries === 'quarantined' ? report.counts.quarantined : report.counts.passed;
      if (lineage) {
        dataset.facets = {
          ...dataset.facets,
          schema: schemaFacet(this.producerUri, lineage.maskedByField.keys()),
          columnLineage: columnLineageFacet(this.producerUri, this.datasets.named(lineage.input, report.sourceId), lineage.maskedByField, lineage.policiesByField),
        };
      }
      return { ...dataset, outputFacets: { outputStatistics: outputStatisticsFacet(this.producerUri, rowCount) } };
    });
    const deadLettered = report.deadLetters?.count ?? 0;
    if (deadLettered === 0) return outputs;
    // Where the records it could not process went: the source's share of the dead-letter topic.
    const deadLetterTopic = this.withDataSource(this.datasets.topic(TOPICS.DEAD_LETTER, report.sourceId));
    return [...outputs, { ...deadLetterTopic, outputFacets: { outputStatistics: outputStatisticsFacet(this.producerUri, deadLettered) } }];
  }
}
