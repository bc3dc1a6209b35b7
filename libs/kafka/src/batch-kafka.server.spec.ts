import { Logger } from '@nestjs/common';
import { MessageHandler } from '@nestjs/microservices';
import { Consumer, ConsumerRunConfig, ConsumerSubscribeTopics, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { throwError } from 'rxjs';
import { computeChecksum, DeadLetter, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { BatchKafkaServer, stringHeaders } from './batch-kafka.server';
import { KafkaPublisher, OutgoingMessage } from './kafka-publisher.service';
import { RecordBatch } from './record-batch';

const TOPIC = TOPICS.INGEST_RECORDS;
const PARTITION = 4;

function envelope(index: number): RecordEnvelope {
  const payload = { id: index, name: `person ${index}` };
  return {
    recordId: `0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e${String(index).padStart(2, '0')}`,
    sourceId: 'people',
    runId: '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607',
    position: { index, total: 10 },
    ingestedAt: '2026-01-15T10:00:00.000Z',
    checksum: computeChecksum(payload),
    payload,
  };
}

function kafkaMessage(offset: string, value: string | null, key: string | null = `key-${offset}`): KafkaMessage {
  return {
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    timestamp: '1768471200000',
    attributes: 0,
    offset,
    headers: { 'atlas-run-id': Buffer.from('run-1'), 'atlas-source-id': 'people' },
  };
}

function validMessage(offset: string, index: number): KafkaMessage {
  return kafkaMessage(offset, JSON.stringify(envelope(index)));
}

interface BatchControls {
  payload: EachBatchPayload;
  resolveOffset: jest.Mock<void, [string]>;
  commitOffsetsIfNecessary: jest.Mock<Promise<void>, []>;
  heartbeat: jest.Mock<Promise<void>, []>;
}

function batchPayload(messages: KafkaMessage[], running = true): BatchControls {
  const resolveOffset = jest.fn<void, [string]>();
  const commitOffsetsIfNecessary = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
  const heartbeat = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
  const lastOffset = messages.at(-1)?.offset ?? '0';
  const payload: EachBatchPayload = {
    batch: {
      topic: TOPIC,
      partition: PARTITION,
      highWatermark: lastOffset,
      messages,
      isEmpty: () => messages.length === 0,
      firstOffset: () => messages[0]?.offset ?? null,
      lastOffset: () => lastOffset,
      offsetLag: () => '0',
      offsetLagLow: () => '0',
    },
    resolveOffset,
    heartbeat,
    commitOffsetsIfNecessary,
    pause: () => () => undefined,
    uncommittedOffsets: () => ({ topics: [] }),
    isRunning: () => running,
    isStale: () => false,
  };
  return { payload, resolveOffset, commitOffsetsIfNecessary, heartbeat };
}

describe('stringHeaders', () => {
  it('turns buffers into strings and keeps strings', () => {
    expect(stringHeaders({ traceparent: Buffer.from('00-abc-def-01'), 'atlas-run-id': 'run-1' })).toEqual({
      traceparent: '00-abc-def-01',
      'atlas-run-id': 'run-1',
    });
  });

  it('keeps the first value of a repeated header', () => {
    expect(stringHeaders({ tag: [Buffer.from('first'), 'second'] })).toEqual({ tag: 'first' });
  });

  it('drops undefined headers and empty repeated headers', () => {
    expect(stringHeaders({ missing: undefined, empty: [], kept: 'yes' })).toEqual({ kept: 'yes' });
  });

  it('returns an empty object without headers', () => {
    expect(stringHeaders(undefined)).toEqual({});
  });
});

describe('BatchKafkaServer', () => {
  let server: BatchKafkaServer;
  let publish: jest.Mock<Promise<void>, [string, readonly OutgoingMessage[]]>;
  let handler: jest.Mock<Promise<void>, [RecordBatch<RecordEnvelope>]>;
  let consumer: { subscribe: jest.Mock<Promise<void>, [ConsumerSubscribeTopics]>; run: jest.Mock<Promise<void>, [ConsumerRunConfig?]> };
  let eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;

  /** Batches the handler was given, with their messages' values copied at call time. */
  const receivedBatches: Array<{ topic: string; partition: number; values: unknown[]; offsets: string[]; isRecordBatch: boolean }> = [];

  function createServer(chunkSize?: number): BatchKafkaServer {
    return new BatchKafkaServer({ serviceName: 'connector', brokers: ['localhost:9092'], publisher: { publish } as unknown as KafkaPublisher, chunkSize });
  }

  async function bind(target: BatchKafkaServer, topic: string = TOPIC): Promise<void> {
    target.addHandler(topic, handler as unknown as MessageHandler, true);
    await target.bindEvents(consumer as unknown as Consumer);
  }

  async function deliver(controls: BatchControls): Promise<void> {
    if (!eachBatch) throw new Error('bindEvents did not register eachBatch');
    await eachBatch(controls.payload);
  }

  function deadLettersPublished(): DeadLetter[] {
    return publish.mock.calls.filter(([topic]) => topic === TOPICS.DEAD_LETTER).flatMap(([, messages]) => messages.map((message) => message.value as DeadLetter));
  }

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    publish = jest.fn<Promise<void>, [string, readonly OutgoingMessage[]]>().mockResolvedValue(undefined);
    receivedBatches.length = 0;
    handler = jest.fn(async (batch: RecordBatch<RecordEnvelope>) => {
      receivedBatches.push({
        topic: batch.topic,
        partition: batch.partition,
        values: batch.messages.map((message) => message.value),
        offsets: batch.messages.map((message) => message.offset),
        isRecordBatch: batch instanceof RecordBatch,
      });
    });
    eachBatch = undefined;
    consumer = {
      subscribe: jest.fn<Promise<void>, [ConsumerSubscribeTopics]>().mockResolvedValue(undefined),
      run: jest.fn(async (config?: ConsumerRunConfig) => {
        eachBatch = config?.eachBatch;
      }),
    };
    server = createServer();
  });

  afterEach(() => jest.restoreAllMocks());

  describe('bindEvents', () => {
    it('subscribes to the topics of the registered handlers and resolves offsets itself', async () => {
      await bind(server);
      expect(consumer.subscribe).toHaveBeenCalledWith({ topics: [TOPIC], fromBeginning: true });
      expect(consumer.run).toHaveBeenCalledWith(
        expect.objectContaining({ eachBatchAutoResolve: false, partitionsConsumedConcurrently: 3, eachBatch: expect.any(Function) }),
      );
    });

    it('refuses a topic that has no payload contract', async () => {
      await expect(bind(server, 'some.unknown.topic')).rejects.toThrow('No payload contract is registered for topic some.unknown.topic');
      expect(consumer.subscribe).not.toHaveBeenCalled();
    });
  });

  describe('a consumed batch', () => {
    beforeEach(() => bind(server));

    it('hands valid messages to the handler as one RecordBatch, parsed, in order', async () => {
      const controls = batchPayload([validMessage('10', 0), validMessage('11', 1)]);
      await deliver(controls);

      expect(handler).toHaveBeenCalledTimes(1);
      expect(receivedBatches).toEqual([
        { topic: TOPIC, partition: PARTITION, values: [envelope(0), envelope(1)], offsets: ['10', '11'], isRecordBatch: true },
      ]);
      const batch = handler.mock.calls[0][0];
      expect(batch.messages[0]).toMatchObject({
        key: 'key-10',
        partition: PARTITION,
        offset: '10',
        headers: { 'atlas-run-id': 'run-1', 'atlas-source-id': 'people' },
      });
      expect(batch.messages[0].traceContext).toBeDefined();
      expect(publish).not.toHaveBeenCalled();
    });

    it('resolves the last offset and commits after the handler succeeded', async () => {
      const controls = batchPayload([validMessage('10', 0), validMessage('11', 1)]);
      let offsetResolvedBeforeHandlerFinished = false;
      handler.mockImplementation(async () => {
        offsetResolvedBeforeHandlerFinished = controls.resolveOffset.mock.calls.length > 0;
      });
      await deliver(controls);
      expect(offsetResolvedBeforeHandlerFinished).toBe(false);
      expect(controls.resolveOffset.mock.calls).toEqual([['11']]);
      expect(controls.commitOffsetsIfNecessary).toHaveBeenCalledTimes(1);
      expect(controls.heartbeat).toHaveBeenCalledTimes(1);
      expect(controls.resolveOffset.mock.invocationCallOrder[0]).toBeLessThan(controls.commitOffsetsIfNecessary.mock.invocationCallOrder[0]);
    });

    it('dead-letters a message that is not JSON, with reason, offset and original bytes, and keeps it from the handler', async () => {
      const controls = batchPayload([kafkaMessage('20', '{"recordId": ')]);
      await deliver(controls);

      expect(handler).not.toHaveBeenCalled();
      const [deadLetter] = deadLettersPublished();
      // The reason gives the position, never a quote of the (possibly personal) input.
      expect(deadLetter.reason).toBe('value is not valid JSON (unexpected end of input)');
      expect(deadLetter.service).toBe('connector');
      expect(deadLetter.source).toEqual({ topic: TOPIC, partition: PARTITION, offset: '20' });
      expect(deadLetter.originalKey).toBe('key-20');
      expect(Buffer.from(deadLetter.originalValueBase64 ?? '', 'base64').toString()).toBe('{"recordId": ');
      expect(deadLetter.originalHeaders).toEqual({ 'atlas-run-id': 'run-1', 'atlas-source-id': 'people' });
      expect(controls.resolveOffset).toHaveBeenCalledWith('20');
      expect(controls.commitOffsetsIfNecessary).toHaveBeenCalled();
    });

    it('dead-letters an empty message', async () => {
      await deliver(batchPayload([kafkaMessage('21', null, null)]));
      expect(deadLettersPublished()).toEqual([
        expect.objectContaining({ reason: 'empty message value', originalKey: null, originalValueBase64: null }),
      ]);
      expect(handler).not.toHaveBeenCalled();
    });

    it('dead-letters a message that breaks the topic contract with its source position, and passes the valid ones on', async () => {
      const broken = { ...envelope(3), checksum: 'not-a-checksum' };
      const controls = batchPayload([validMessage('30', 0), kafkaMessage('31', JSON.stringify(broken)), validMessage('32', 2)]);
      await deliver(controls);

      expect(receivedBatches).toHaveLength(1);
      expect(receivedBatches[0].offsets).toEqual(['30', '32']);
      const [deadLetter] = deadLettersPublished();
      expect(deadLetter.reason).toContain(`payload does not match the ${TOPIC} contract: `);
      expect(deadLetter.reason).toContain('/checksum');
      expect(deadLetter.source).toEqual({ topic: TOPIC, partition: PARTITION, offset: '31', index: 3, sourceId: 'people', runId: broken.runId });
      expect(controls.resolveOffset).toHaveBeenCalledWith('32');
    });

    it('leaves out a position the rejected payload does not state correctly', async () => {
      const broken = { sourceId: 42, position: { index: -1 } };
      await deliver(batchPayload([kafkaMessage('33', JSON.stringify(broken))]));
      expect(deadLettersPublished()[0].source).toEqual({ topic: TOPIC, partition: PARTITION, offset: '33' });
    });

    it('publishes the messages the handler dead-letters through the batch', async () => {
      handler.mockImplementation(async (batch: RecordBatch<RecordEnvelope>) => {
        const [first] = batch.messages;
        batch.deadLetter(first, 'checksum mismatch', { index: first.value.position.index, sourceId: first.value.sourceId, runId: first.value.runId });
      });
      const controls = batchPayload([validMessage('40', 5), validMessage('41', 6)]);
      await deliver(controls);

      const deadLetters = deadLettersPublished();
      expect(deadLetters).toHaveLength(1);
      expect(deadLetters[0]).toMatchObject({
        reason: 'checksum mismatch',
        source: { topic: TOPIC, partition: PARTITION, offset: '40', index: 5, sourceId: 'people', runId: envelope(5).runId },
        originalKey: 'key-40',
      });
      expect(JSON.parse(Buffer.from(deadLetters[0].originalValueBase64 ?? '', 'base64').toString())).toEqual(envelope(5));
      expect(controls.resolveOffset).toHaveBeenCalledWith('41');
    });

    it('publishes contract rejections and handler rejections of one chunk together, after the handler', async () => {
      handler.mockImplementation(async (batch: RecordBatch<RecordEnvelope>) => {
        expect(publish).not.toHaveBeenCalled();
        batch.deadLetter(batch.messages[0], 'rejected by the handler');
      });
      await deliver(batchPayload([kafkaMessage('50', 'garbage'), validMessage('51', 1)]));
      expect(publish).toHaveBeenCalledTimes(1);
      expect(deadLettersPublished().map((deadLetter) => deadLetter.source.offset)).toEqual(['50', '51']);
    });

    it('propagates a handler error without resolving the offset or publishing dead letters', async () => {
      handler.mockRejectedValue(new Error('database unavailable'));
      const controls = batchPayload([kafkaMessage('60', 'garbage'), validMessage('61', 1)]);
      await expect(deliver(controls)).rejects.toThrow('database unavailable');
      expect(controls.resolveOffset).not.toHaveBeenCalled();
      expect(controls.commitOffsetsIfNecessary).not.toHaveBeenCalled();
      expect(publish).not.toHaveBeenCalled();
    });

    it('propagates the error of a handler that returns a failing Observable', async () => {
      const observableHandler = jest.fn(async () => throwError(() => new Error('stream failed')));
      const observableServer = createServer();
      observableServer.addHandler(TOPIC, observableHandler as unknown as MessageHandler, true);
      await observableServer.bindEvents(consumer as unknown as Consumer);
      const controls = batchPayload([validMessage('62', 2)]);
      await expect(deliver(controls)).rejects.toThrow('stream failed');
      expect(controls.resolveOffset).not.toHaveBeenCalled();
    });

    it('does not resolve the offset when publishing the dead letters fails', async () => {
      publish.mockRejectedValue(new Error('broker unavailable'));
      const controls = batchPayload([kafkaMessage('70', 'garbage')]);
      await expect(deliver(controls)).rejects.toThrow('broker unavailable');
      expect(controls.resolveOffset).not.toHaveBeenCalled();
    });

    it('does nothing once the consumer stops running', async () => {
      const controls = batchPayload([validMessage('80', 0)], false);
      await deliver(controls);
      expect(handler).not.toHaveBeenCalled();
      expect(controls.resolveOffset).not.toHaveBeenCalled();
    });
  });

  describe('chunking', () => {
    beforeEach(() => {
      server = createServer(2);
      return bind(server);
    });

    it('hands the batch over in chunks and commits after each one', async () => {
      const controls = batchPayload([validMessage('1', 1), validMessage('2', 2), validMessage('3', 3)]);
      await deliver(controls);
      expect(receivedBatches.map((batch) => batch.offsets)).toEqual([['1', '2'], ['3']]);
      expect(controls.resolveOffset.mock.calls).toEqual([['2'], ['3']]);
      expect(controls.commitOffsetsIfNecessary).toHaveBeenCalledTimes(2);
    });

    it('keeps the offsets of chunks that succeeded when a later chunk fails', async () => {
      handler.mockResolvedValueOnce(undefined).mockRejectedValueOnce(new Error('second chunk failed'));
      const controls = batchPayload([validMessage('1', 1), validMessage('2', 2), validMessage('3', 3)]);
      await expect(deliver(controls)).rejects.toThrow('second chunk failed');
      expect(controls.resolveOffset.mock.calls).toEqual([['2']]);
    });
  });
});
