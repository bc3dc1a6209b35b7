/**
 * Fixtures shared by the unit specs of the services: consumed batches, record envelopes and the
 * stubs of the Kafka and lineage collaborators. This file imports nothing that opens a connection
 * or loads a driver, so unit specs import it directly (`@atlas/testing/unit-fixtures`) rather than
 * through the package index, which also loads the end-to-end helpers (kafkajs, pg, the database).
 */
import type { Provider } from '@nestjs/common';
import { Context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { computeChecksum, RecordEnvelope } from '@atlas/contracts';
import { ConsumedMessage, HandledRecord, KafkaPublisher, LineageDatasets, LineagePublisher, OutgoingMessage, RecordBatch, StageDefinition, StageRun, StageRunLineage } from '@atlas/kafka';
import type { RunRecordCount } from '@atlas/contracts';

/** The ingestion run every test envelope belongs to. */
export const TEST_RUN_ID = '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607';

/** Context key a spec stores a marker under, to check that a trace context is passed on. */
export const TEST_TRACE_KEY = createContextKey('test-trace');

/** A deterministic record id for the record at `index` (0 to 99). */
export function testRecordId(index: number): string {
  return `0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e${String(index).padStart(2, '0')}`;
}

export interface RecordEnvelopeOptions {
  /** Defaults to 'people'. */
  sourceId?: string;
  /** The run's record count, in `position.total`; defaults to 3. */
  total?: number;
}

/** The envelope the gateway would have published for `payload` at `index` of run TEST_RUN_ID. */
export function recordEnvelope(index: number, payload: Record<string, unknown>, options: RecordEnvelopeOptions = {}): RecordEnvelope {
  return {
    recordId: testRecordId(index),
    sourceId: options.sourceId ?? 'people',
    runId: TEST_RUN_ID,
    position: { index, total: options.total ?? 3 },
    ingestedAt: '2026-01-15T10:00:00.000Z',
    checksum: computeChecksum(payload),
    payload,
  };
}

/** A trace context that carries the record id under TEST_TRACE_KEY. */
export function traceContextOfRecord(record: { recordId: string }): Context {
  return ROOT_CONTEXT.setValue(TEST_TRACE_KEY, record.recordId);
}

export interface RecordBatchOptions<T> {
  /** Defaults to 0. */
  partition?: number;
  /** Offset of the first message; the others follow. Defaults to 0. */
  firstOffset?: number;
  /** Defaults to the value's `recordId`, or null when it has none. */
  keyOf?: (value: T) => string | null;
  /** Defaults to ROOT_CONTEXT. */
  traceContextOf?: (value: T, index: number) => Context;
  /** Defaults to no headers. */
  headersOf?: (value: T, index: number) => Record<string, string>;
}

function recordIdOf(value: unknown): string | null {
  if (typeof value === 'object' && value !== null && 'recordId' in value && typeof value.recordId === 'string') return value.recordId;
  return null;
}

/**
 * A consumed batch of `values` on one partition of `topic`, with consecutive offsets. Each
 * message's raw value is its JSON, so a dead-lettered message carries the bytes it arrived as.
 */
export function recordBatchOf<T>(topic: string, values: readonly T[], options: RecordBatchOptions<T> = {}): RecordBatch<T> {
  const partition = options.partition ?? 0;
  const firstOffset = options.firstOffset ?? 0;
  const rawValues = new Map<string, Buffer | null>();
  const messages: ConsumedMessage<T>[] = values.map((value, index) => {
    const offset = String(firstOffset + index);
    rawValues.set(offset, Buffer.from(JSON.stringify(value)));
    return {
      value,
      key: options.keyOf ? options.keyOf(value) : recordIdOf(value),
      headers: options.headersOf?.(value, index) ?? {},
      partition,
      offset,
      traceContext: options.traceContextOf?.(value, index) ?? ROOT_CONTEXT,
    };
  });
  return new RecordBatch(topic, partition, messages, rawValues);
}

/** LineageDatasets as configured for the default cluster name and a local database. */
export const LINEAGE_DATASETS_STUB: Pick<LineageDatasets, 'topic' | 'table' | 'named'> = {
  topic: (name: string, sourceId: string) => ({ namespace: 'kafka://atlas', name: `${name}/${sourceId}` }),
  table: (name: string, sourceId: string) => ({ namespace: 'postgres://localhost:5432', name: `atlas.${name}/${sourceId}` }),
  named: (dataset, sourceId) =>
    'topic' in dataset ? LINEAGE_DATASETS_STUB.topic(dataset.topic, sourceId) : LINEAGE_DATASETS_STUB.table(dataset.table, sourceId),
};

export const LINEAGE_DATASETS_PROVIDER = { provide: LineageDatasets, useValue: LINEAGE_DATASETS_STUB };

export type PublishMock = jest.Mock<Promise<void>, [string, readonly OutgoingMessage[]]>;
export type PublishStageRunMock = jest.Mock<Promise<void>, [StageRun]>;

/** A mock of KafkaPublisher.publish. */
export function publishMock(): PublishMock {
  return jest.fn<Promise<void>, [string, readonly OutgoingMessage[]]>();
}

/** A mock of LineagePublisher.publishStageRun. */
export function publishStageRunMock(): PublishStageRunMock {
  return jest.fn<Promise<void>, [StageRun]>();
}

export function kafkaPublisherProvider(publish: PublishMock): { provide: typeof KafkaPublisher; useValue: Pick<KafkaPublisher, 'publish'> } {
  return { provide: KafkaPublisher, useValue: { publish } };
}

export function lineagePublisherProvider(methods: Partial<Record<keyof LineagePublisher, jest.Mock>>): { provide: typeof LineagePublisher; useValue: object } {
  return { provide: LineagePublisher, useValue: methods };
}

/** Resets each mock and makes it resolve to undefined, as a write that succeeds. */
export function resetResolving(...mocks: Array<{ mockReset(): { mockResolvedValue(value: undefined): unknown } }>): void {
  for (const mock of mocks) mock.mockReset().mockResolvedValue(undefined);
}

export type RecordHandledMock = jest.Mock<Promise<void>, [StageDefinition, readonly HandledRecord[]]>;
export type RecordExpectedMock = jest.Mock<Promise<void>, [StageDefinition, readonly RunRecordCount[]]>;

/**
 * What a pipeline stage publishes through: mocks of KafkaPublisher.publish,
 * LineagePublisher.publishStageRun and StageRunLineage's recordHandled, recordExpected and registerStage, and the
 * providers for them and for LineageDatasets.
 */
export function stageCollaborators(): {
  publish: PublishMock;
  publishStageRun: PublishStageRunMock;
  recordHandled: RecordHandledMock;
  recordExpected: RecordExpectedMock;
  registerStage: jest.Mock<void, [StageDefinition]>;
  providers: Provider[];
} {
  const publish = publishMock();
  const publishStageRun = publishStageRunMock();
  const recordHandled: RecordHandledMock = jest.fn();
  const recordExpected: RecordExpectedMock = jest.fn();
  const registerStage = jest.fn<void, [StageDefinition]>();
  return {
    publish,
    publishStageRun,
    recordHandled,
    recordExpected,
    registerStage,
    providers: [
      kafkaPublisherProvider(publish),
      lineagePublisherProvider({ publishStageRun }),
      LINEAGE_DATASETS_PROVIDER,
      { provide: StageRunLineage, useValue: { recordHandled, recordExpected, registerStage } },
    ],
  };
}
