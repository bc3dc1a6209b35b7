import { Logger } from '@nestjs/common';
import { MessageHandler } from '@nestjs/microservices';
import { Consumer, ConsumerRunConfig, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { register } from 'prom-client';
import { computeChecksum, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { batchSizeRecords, recordAgeSeconds, stageRecordsTotal } from '@atlas/observability';
import { BatchKafkaServer } from './batch-kafka.server';
import { DeadLetterSealer, DeadLetterUnsealer, x25519PrivateKey } from './dead-letter-sealing';
import { KafkaPublisher } from './kafka-publisher.service';
import { RecordBatch } from './record-batch';

const TOPIC = TOPICS.PROTECTED_RECORDS;
const INGESTED_AT = '2026-01-15T10:00:00.000Z';

function message(offset: string, index: number, sourceId = 'people'): KafkaMessage {
  const payload = { id: index };
  const envelope: RecordEnvelope = {
    recordId: `0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e${String(index).padStart(2, '0')}`,
    sourceId,
    runId: '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607',
    position: { index, total: 10 },
    ingestedAt: INGESTED_AT,
    checksum: computeChecksum(payload),
    payload,
  };
  const value = { ...envelope, protection: { policyId: 'default', policyVersion: 1, findings: [] } };
  return { key: null, value: Buffer.from(JSON.stringify(value)), timestamp: '0', attributes: 0, offset, headers: {} };
}

function payloadOf(messages: KafkaMessage[]): EachBatchPayload {
  return {
    batch: {
      topic: TOPIC,
      partition: 0,
      highWatermark: '0',
      messages,
      isEmpty: () => false,
      firstOffset: () => null,
      lastOffset: () => '0',
      offsetLag: () => '0',
      offsetLagLow: () => '0',
    },
    resolveOffset: () => undefined,
    heartbeat: async () => undefined,
    commitOffsetsIfNecessary: async () => undefined,
    pause: () => () => undefined,
    uncommittedOffsets: () => ({ topics: [] }),
    isRunning: () => true,
    isStale: () => false,
  };
}

async function valuesOf(metric: { get(): Promise<{ values: Array<{ labels: object; value: number; metricName?: string }> }> }) {
  return (await metric.get()).values.map(({ labels, value, metricName }) => ({ ...(metricName ? { metricName } : {}), labels, value }));
}

describe('BatchKafkaServer stage metrics', () => {
  let eachBatch: (payload: EachBatchPayload) => Promise<void>;
  let handler: jest.Mock<Promise<void>, [RecordBatch<unknown>]>;

  beforeEach(async () => {
    register.resetMetrics();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.useFakeTimers({ now: Date.parse(INGESTED_AT) + 1500, doNotFake: ['setImmediate', 'nextTick', 'setTimeout'] });
    const server = new BatchKafkaServer({
      serviceName: 'quality',
      connection: { brokers: ['localhost:9092'] },
      publisher: { publish: async () => undefined } as unknown as KafkaPublisher,
      deadLetterSealer: new DeadLetterSealer(new DeadLetterUnsealer(x25519PrivateKey(Buffer.alloc(32, 9))).publicKeyBase64),
      sleep: async () => undefined,
    });
    handler = jest.fn<Promise<void>, [RecordBatch<unknown>]>();
    server.addHandler(TOPIC, handler as unknown as MessageHandler, true);
    const consumer = {
      subscribe: async () => undefined,
      run: async (config?: ConsumerRunConfig) => {
        eachBatch = config!.eachBatch!;
      },
    };
    await server.bindEvents(consumer as unknown as Consumer);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('counts every record in and once by its outcome, by stage and source', async () => {
    handler.mockImplementation(async (batch) => {
      batch.quarantine(batch.messages[1]);
      batch.deadLetter(batch.messages[2], 'cannot be processed');
    });
    const notJson = { ...message('13', 3), value: Buffer.from('{') };
    await eachBatch(payloadOf([message('10', 0), message('11', 1), message('12', 2, 'orders'), notJson]));

    expect(await valuesOf(stageRecordsTotal)).toEqual([
      { labels: { stage: 'quality.validate', source: '_none', outcome: 'in' }, value: 1 },
      { labels: { stage: 'quality.validate', source: '_none', outcome: 'dead_lettered' }, value: 1 },
      { labels: { stage: 'quality.validate', source: 'orders', outcome: 'in' }, value: 1 },
      { labels: { stage: 'quality.validate', source: 'orders', outcome: 'dead_lettered' }, value: 1 },
      { labels: { stage: 'quality.validate', source: 'people', outcome: 'in' }, value: 2 },
      { labels: { stage: 'quality.validate', source: 'people', outcome: 'out' }, value: 1 },
      { labels: { stage: 'quality.validate', source: 'people', outcome: 'quarantined' }, value: 1 },
    ]);
    const batchSize = await valuesOf(batchSizeRecords);
    expect(batchSize.filter((entry) => entry.metricName !== 'atlas_batch_size_records_bucket')).toEqual([
      { metricName: 'atlas_batch_size_records_sum', labels: { topic: TOPIC }, value: 4 },
      { metricName: 'atlas_batch_size_records_count', labels: { topic: TOPIC }, value: 1 },
    ]);
  });

  it('observes the age since ingestion of each record passed on', async () => {
    handler.mockResolvedValue(undefined);
    await eachBatch(payloadOf([message('10', 0), message('11', 1)]));
    const age = await valuesOf(recordAgeSeconds);
    expect(age.filter((entry) => entry.metricName !== 'atlas_record_age_seconds_bucket')).toEqual([
      { metricName: 'atlas_record_age_seconds_sum', labels: { stage: 'quality.validate' }, value: 3 },
      { metricName: 'atlas_record_age_seconds_count', labels: { stage: 'quality.validate' }, value: 2 },
    ]);
    expect(age).toContainEqual({ metricName: 'atlas_record_age_seconds_bucket', labels: { stage: 'quality.validate', le: 1 }, value: 0 });
    expect(age).toContainEqual({ metricName: 'atlas_record_age_seconds_bucket', labels: { stage: 'quality.validate', le: 2.5 }, value: 2 });
  });

  it('counts an isolated poison record once and runs whenProcessed callbacks of the final runs only', async () => {
    let processedRecords = 0;
    handler.mockImplementation(async (batch) => {
      if (batch.messages.some((consumed) => consumed.offset === '12')) throw new TypeError('poison');
      batch.whenProcessed(() => (processedRecords += batch.messages.length));
    });
    await eachBatch(payloadOf([message('10', 0), message('11', 1), message('12', 2), message('13', 3)]));

    expect(processedRecords).toBe(3);
    expect(await valuesOf(stageRecordsTotal)).toEqual([
      { labels: { stage: 'quality.validate', source: 'people', outcome: 'in' }, value: 4 },
      { labels: { stage: 'quality.validate', source: 'people', outcome: 'dead_lettered' }, value: 1 },
      { labels: { stage: 'quality.validate', source: 'people', outcome: 'out' }, value: 3 },
    ]);
  });
});
