import { Logger } from '@nestjs/common';
import { MessageHandler } from '@nestjs/microservices';
import { Consumer, ConsumerRunConfig, ConsumerSubscribeTopics, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { throwError } from 'rxjs';
import { computeChecksum, DeadLetter, RecordEnvelope, TOPIC_VALIDATORS, TOPICS } from '@atlas/contracts';
import { BatchKafkaServer } from './batch-kafka.server';
import { stringHeaders } from './message-headers';
import { DeadLetterSealer, DeadLetterUnsealer, x25519PrivateKey } from './dead-letter-sealing';
import { KafkaPublisher, MessageTooLargeError, OutgoingMessage } from './kafka-publisher.service';
import { KafkaConsumerStatus } from './kafka-consumer-status';
import { DeadLetterObserver, DeadLetterRequest, RecordBatch } from './record-batch';
import { deadLetterKey } from './dead-letter-publisher';

const TOPIC = TOPICS.INGEST_RECORDS;
const PARTITION = 4;
const DEAD_LETTER_KEYS = new DeadLetterUnsealer(x25519PrivateKey(Buffer.alloc(32, 9)));
/** The original bytes of a dead letter, unsealed with the test key pair. */
const originalValueOf = (deadLetter: DeadLetter) =>
  deadLetter.sealedOriginalValue === null ? null : DEAD_LETTER_KEYS.unseal(deadLetter.sealedOriginalValue, deadLetter.source).toString();

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

/** What node-postgres or kafkajs report when the server is down. */
function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
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

function batchPayload(messages: KafkaMessage[], running: boolean | (() => boolean) = true, topic: string = TOPIC): BatchControls {
  const resolveOffset = jest.fn<void, [string]>();
  const commitOffsetsIfNecessary = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
  const heartbeat = jest.fn<Promise<void>, []>().mockResolvedValue(undefined);
  const lastOffset = messages.at(-1)?.offset ?? '0';
  const payload: EachBatchPayload = {
    batch: {
      topic,
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
    isRunning: typeof running === 'function' ? running : () => running,
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

describe('BatchKafkaServer fetch size', () => {
  const consumerOptionsOf = (maxBytesPerPartition?: number) => {
    const server = new BatchKafkaServer({
      serviceName: 'connector',
      connection: { brokers: ['localhost:9092'] },
      publisher: {} as KafkaPublisher,
      deadLetterSealer: new DeadLetterSealer(DEAD_LETTER_KEYS.publicKeyBase64),
      ...(maxBytesPerPartition ? { maxBytesPerPartition } : {}),
    });
    return (server as unknown as { options: { consumer: { maxBytesPerPartition: number; minBytes: number; maxWaitTimeInMs: number } } }).options.consumer;
  };

  it('waits for 64 KiB or 100 ms before a fetch returns', () => {
    expect(consumerOptionsOf().minBytes).toBe(65_536);
    expect(consumerOptionsOf().maxWaitTimeInMs).toBe(100);
  });

  it("takes kafkajs's 1 MiB per partition unless the service sets its own", () => {
    expect(consumerOptionsOf().maxBytesPerPartition).toBe(1_048_576);
    expect(consumerOptionsOf(262_144).maxBytesPerPartition).toBe(262_144);
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

  /** Every wait of the server, in ms (waits return at once in these tests). */
  let sleeps: number[];
  let consumerStatus: KafkaConsumerStatus;

  function createServer(chunkSize?: number, deadLetterObserver?: DeadLetterObserver): BatchKafkaServer {
    return new BatchKafkaServer({
      ...(deadLetterObserver ? { deadLetterObserver } : {}),
      serviceName: 'connector',
      connection: { brokers: ['localhost:9092'] },
      publisher: { publish } as unknown as KafkaPublisher,
      deadLetterSealer: new DeadLetterSealer(DEAD_LETTER_KEYS.publicKeyBase64),
      chunkSize,
      consumerStatus,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
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
    sleeps = [];
    consumerStatus = new KafkaConsumerStatus();
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

    it("finds the handler by its topic's name, without Nest's pattern parsing on every run", async () => {
      const patternLookups = jest.spyOn(server, 'getHandlerByPattern');
      await deliver(batchPayload([validMessage('10', 0)]));
      await deliver(batchPayload([validMessage('11', 1)]));
      expect(receivedBatches.map((batch) => batch.offsets)).toEqual([['10'], ['11']]);
      expect(patternLookups).not.toHaveBeenCalled();
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
      // The value says nothing, so the source is the one its atlas-source-id header names.
      expect(deadLetter.source).toEqual({ topic: TOPIC, partition: PARTITION, offset: '20', sourceId: 'people' });
      expect(deadLetter.originalKey).toBe(deadLetterKey('key-20'));
      expect(originalValueOf(deadLetter)).toBe('{"recordId": ');
      expect(deadLetter.originalHeaders).toEqual({ 'atlas-run-id': 'run-1', 'atlas-source-id': 'people' });
      expect(controls.resolveOffset).toHaveBeenCalledWith('20');
      expect(controls.commitOffsetsIfNecessary).toHaveBeenCalled();
    });

    it('dead-letters an empty message', async () => {
      await deliver(batchPayload([kafkaMessage('21', null, null)]));
      expect(deadLettersPublished()).toEqual([
        expect.objectContaining({ reason: 'empty message value', originalKey: null, sealedOriginalValue: null }),
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
      const broken = { sourceId: 42, position: { index: -1, location: 7 } };
      const message = kafkaMessage('33', JSON.stringify(broken));
      message.headers = { 'atlas-source-id': 'Not A Source Id' };
      await deliver(batchPayload([message]));
      expect(deadLettersPublished()[0].source).toEqual({ topic: TOPIC, partition: PARTITION, offset: '33' });
    });

    it('keeps the source location a rejected envelope states', async () => {
      const broken = { sourceId: 'people', position: { index: 3, location: 'file:people.csv:5' } };
      await deliver(batchPayload([kafkaMessage('34', JSON.stringify(broken))]));
      expect(deadLettersPublished()[0].source).toEqual({ topic: TOPIC, partition: PARTITION, offset: '34', index: 3, sourceId: 'people', location: 'file:people.csv:5' });
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
        originalKey: deadLetterKey('key-40'),
      });
      expect(JSON.parse(originalValueOf(deadLetters[0])!)).toEqual(envelope(5));
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

    it('while a handler keeps failing transiently, resolves nothing and publishes no dead letters, until the consumer stops', async () => {
      handler.mockRejectedValue(connectionRefused());
      let checks = 0;
      const controls = batchPayload([kafkaMessage('60', 'garbage'), validMessage('61', 1)], () => ++checks < 20);
      await deliver(controls);
      expect(handler.mock.calls.length).toBeGreaterThan(3);
      expect(controls.resolveOffset).not.toHaveBeenCalled();
      expect(controls.commitOffsetsIfNecessary).not.toHaveBeenCalled();
      expect(publish).not.toHaveBeenCalled();
    });

    it('treats the error of a handler that returns a failing Observable like a thrown one', async () => {
      const observableHandler = jest.fn(async () => throwError(() => new RangeError('Maximum call stack size exceeded')));
      const observableServer = createServer();
      observableServer.addHandler(TOPIC, observableHandler as unknown as MessageHandler, true);
      await observableServer.bindEvents(consumer as unknown as Consumer);
      const controls = batchPayload([validMessage('62', 2)]);
      await deliver(controls);
      expect(deadLettersPublished().map((deadLetter) => deadLetter.reason)).toEqual(['permanent failure: RangeError (stack overflow)']);
      expect(controls.resolveOffset).toHaveBeenCalledWith('62');
    });

    it('does not resolve the offset while publishing the dead letters fails transiently', async () => {
      publish.mockRejectedValue(connectionRefused());
      let checks = 0;
      const controls = batchPayload([kafkaMessage('70', 'garbage')], () => ++checks < 10);
      await deliver(controls);
      expect(publish.mock.calls.length).toBeGreaterThan(2);
      expect(controls.resolveOffset).not.toHaveBeenCalled();
    });

    it('does nothing once the consumer stops running', async () => {
      const controls = batchPayload([validMessage('80', 0)], false);
      await deliver(controls);
      expect(handler).not.toHaveBeenCalled();
      expect(controls.resolveOffset).not.toHaveBeenCalled();
    });
  });

  describe('the dead-letter topic itself', () => {
    it('skips an unreadable dead letter (logged by offset and reason) instead of writing it back to its own topic', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      await bind(server, TOPICS.DEAD_LETTER);
      const controls = batchPayload([kafkaMessage('7', '{"reason": ')], true, TOPICS.DEAD_LETTER);
      await deliver(controls);
      expect(handler).not.toHaveBeenCalled();
      expect(publish).not.toHaveBeenCalled();
      expect(controls.resolveOffset).toHaveBeenCalledWith('7');
      expect(logged).toHaveBeenCalledWith(`${TOPICS.DEAD_LETTER}[${PARTITION}]: 1 dead letter(s) skipped, not kept: offsets 7 (value is not valid JSON (unexpected end of input))`);
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

    it('keeps the offsets of chunks that succeeded when a later chunk waits and the consumer stops', async () => {
      handler.mockResolvedValueOnce(undefined).mockRejectedValue(connectionRefused());
      let checks = 0;
      const controls = batchPayload([validMessage('1', 1), validMessage('2', 2), validMessage('3', 3)], () => ++checks < 8);
      await deliver(controls);
      expect(controls.resolveOffset.mock.calls).toEqual([['2']]);
    });
  });

  describe('failures', () => {
    const SECRET = 'jane.doe@example.com';
    let logged: string[];

    /** node-postgres' error for a lone surrogate, wrapped by TypeORM: message, detail and parameters quote the input. */
    function untranslatableCharacter(): Error {
      const driverError = Object.assign(new Error(`unsupported Unicode escape sequence near "${SECRET}"`), {
        severity: 'ERROR',
        code: '22P05',
        detail: `\\u0000 cannot be converted to text: ${SECRET}`,
        schema: 'connector',
        table: 'explore_records',
      });
      return Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError, parameters: [SECRET] });
    }

    /** A handler that fails with `error()` whenever its batch holds one of the `poisoned` offsets. */
    function failWhenHolding(poisoned: string[], error: () => unknown = untranslatableCharacter): void {
      handler.mockImplementation(async (batch: RecordBatch<RecordEnvelope>) => {
        receivedBatches.push({ topic: batch.topic, partition: batch.partition, values: [], offsets: batch.messages.map((message) => message.offset), isRecordBatch: true });
        if (batch.messages.some((message) => poisoned.includes(message.offset))) throw error();
      });
    }

    function messages(count: number): KafkaMessage[] {
      return Array.from({ length: count }, (_value, index) => validMessage(String(1000 + index), index % 100));
    }

    beforeEach(() => {
      logged = [];
      const capture = (message: unknown) => {
        logged.push(String(message));
      };
      jest.spyOn(Logger.prototype, 'error').mockImplementation(capture);
      jest.spyOn(Logger.prototype, 'warn').mockImplementation(capture);
      jest.spyOn(Logger.prototype, 'log').mockImplementation(capture);
      return bind(server);
    });

    it('isolates one poison record among 500 in 19 handler runs when it is first, 17 when it is last, and dead-letters only it', async () => {
      for (const [poisoned, expectedRuns] of [['1000', 19], ['1499', 17]] as const) {
        handler.mockClear();
        publish.mockClear();
        receivedBatches.length = 0;
        failWhenHolding([poisoned]);
        const controls = batchPayload(messages(500));
        await deliver(controls);
        expect(handler).toHaveBeenCalledTimes(expectedRuns);
        const deadLetters = deadLettersPublished();
        expect(deadLetters).toHaveLength(1);
        expect(deadLetters[0].reason).toBe('permanent failure: postgres 22P05 untranslatable_character (table connector.explore_records)');
        expect(deadLetters[0].source).toEqual({
          topic: TOPIC,
          partition: PARTITION,
          offset: poisoned,
          index: (Number(poisoned) - 1000) % 100,
          sourceId: 'people',
          runId: envelope(0).runId,
        });
        // Every other record went through a run that succeeded.
        const succeeded = new Set(receivedBatches.filter((batch) => !batch.offsets.includes(poisoned)).flatMap((batch) => batch.offsets));
        expect(succeeded.size).toBe(499);
        expect(controls.resolveOffset.mock.calls).toEqual([['1499']]);
      }
    });

    it('isolates two poison records among 8 in 11 handler runs, in order', async () => {
      failWhenHolding(['1001', '1006']);
      await deliver(batchPayload(messages(8)));
      expect(receivedBatches.map((batch) => batch.offsets.length)).toEqual([8, 4, 2, 1, 1, 2, 4, 2, 2, 1, 1]);
      expect(deadLettersPublished().map((deadLetter) => deadLetter.source.offset)).toEqual(['1001', '1006']);
      expect(sleeps).toEqual([]);
    });

    it('keeps what the handler dead-lettered itself in the halves that succeeded', async () => {
      handler.mockImplementation(async (batch: RecordBatch<RecordEnvelope>) => {
        if (batch.messages.some((message) => message.offset === '1003')) throw new TypeError('Cannot convert undefined');
        const own = batch.messages.find((message) => message.offset === '1000');
        if (own) batch.deadLetter(own, 'checksum mismatch');
      });
      await deliver(batchPayload(messages(4)));
      expect(deadLettersPublished().map((deadLetter) => [deadLetter.source.offset, deadLetter.reason])).toEqual([
        ['1000', 'checksum mismatch'],
        ['1003', 'permanent failure: TypeError'],
      ]);
    });

    it('retries an unrecognised failure twice on the whole chunk before isolating it', async () => {
      failWhenHolding(['1002'], () => new Error(`odd failure with ${SECRET}`));
      await deliver(batchPayload(messages(4)));
      expect(receivedBatches.map((batch) => batch.offsets.length)).toEqual([4, 4, 4, 2, 2, 1, 1, 1, 1]);
      expect(sleeps).toEqual([250, 500, 250, 500]);
      expect(deadLettersPublished().map((deadLetter) => deadLetter.reason)).toEqual(['unrecognised failure, repeated when processed alone: unclassified Error']);
    });

    it('does not dead-letter a record that an unrecognised, passing fault hit during the search', async () => {
      let failuresLeft = 5;
      handler.mockImplementation(async (batch: RecordBatch<RecordEnvelope>) => {
        receivedBatches.push({ topic: batch.topic, partition: batch.partition, values: [], offsets: batch.messages.map((message) => message.offset), isRecordBatch: true });
        if (failuresLeft-- > 0) throw new Error('a passing fault');
      });
      const controls = batchPayload(messages(4));
      await deliver(controls);
      expect(receivedBatches.map((batch) => batch.offsets)).toEqual([
        ['1000', '1001', '1002', '1003'],
        ['1000', '1001', '1002', '1003'],
        ['1000', '1001', '1002', '1003'],
        ['1000', '1001'],
        ['1000'],
        ['1000'],
        ['1001'],
        ['1002', '1003'],
      ]);
      expect(publish).not.toHaveBeenCalled();
      expect(controls.resolveOffset.mock.calls).toEqual([['1003']]);
    });

    it('retries a transient failure with exponential backoff and heartbeats, then goes on without dead letters', async () => {
      handler.mockRejectedValueOnce(connectionRefused()).mockRejectedValueOnce(connectionRefused()).mockResolvedValue(undefined);
      const controls = batchPayload(messages(3));
      await deliver(controls);
      expect(handler).toHaveBeenCalledTimes(3);
      expect(sleeps).toEqual([250, 500]);
      // One heartbeat after each wait, one after the committed chunk.
      expect(controls.heartbeat).toHaveBeenCalledTimes(3);
      expect(publish).not.toHaveBeenCalled();
      expect(controls.resolveOffset.mock.calls).toEqual([['1002']]);
    });

    it('waits past the retry bound at the capped interval, reports the partition to the health check, and clears it once served', async () => {
      const failures = 8;
      let waitingSeen: unknown[] = [];
      handler.mockImplementation(async () => {
        if (handler.mock.calls.length <= failures) throw queryFailedOf('57P03');
        waitingSeen = consumerStatus.waitingPartitions();
      });
      const controls = batchPayload(messages(2));
      await deliver(controls);
      expect(handler).toHaveBeenCalledTimes(failures + 1);
      // 250, 500, 1000, 2000, 4000, 8000, then the 10 s cap; waits longer than a second are sliced to keep heartbeating.
      expect(sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(250 + 500 + 1000 + 2000 + 4000 + 8000 + 10000 + 10000);
      expect(Math.max(...sleeps)).toBe(1000);
      expect(waitingSeen).toEqual([
        { topic: TOPIC, partition: PARTITION, since: expect.any(String), failure: 'postgres 57P03 cannot_connect_now', errorClass: 'postgres_57' },
      ]);
      expect(consumerStatus.waitingPartitions()).toEqual([]);
      expect(publish).not.toHaveBeenCalled();
      expect(controls.resolveOffset.mock.calls).toEqual([['1001']]);
    });

    it('stops retrying when the partition goes stale, resolving nothing', async () => {
      handler.mockRejectedValue(connectionRefused());
      const controls = batchPayload(messages(2));
      let stale = false;
      controls.payload.isStale = () => stale;
      controls.heartbeat.mockImplementation(async () => {
        stale = controls.heartbeat.mock.calls.length >= 2;
      });
      await deliver(controls);
      expect(handler).toHaveBeenCalledTimes(2);
      expect(controls.resolveOffset).not.toHaveBeenCalled();
      expect(consumerStatus.waitingPartitions()).toEqual([]);
    });

    it('hands a lost group membership (failed heartbeat in keepAlive) straight to kafkajs, without retrying or isolating', async () => {
      const rebalancing = Object.assign(new Error('The group is rebalancing'), { name: 'KafkaJSProtocolError', type: 'REBALANCE_IN_PROGRESS' });
      const controls = batchPayload(messages(2));
      controls.heartbeat.mockRejectedValue(rebalancing);
      const now = jest.spyOn(Date, 'now');
      now.mockReturnValue(0);
      handler.mockImplementation(async (batch: RecordBatch<RecordEnvelope>) => {
        now.mockReturnValue(5000);
        await batch.keepAlive();
      });
      await expect(deliver(controls)).rejects.toBe(rebalancing);
      expect(handler).toHaveBeenCalledTimes(1);
      expect(controls.resolveOffset).not.toHaveBeenCalled();
      expect(publish).not.toHaveBeenCalled();
    });

    it('dead-letters, without its original bytes, a record whose dead letter is itself too large for the broker', async () => {
      failWhenHolding(['1000'], () => new RangeError('Invalid string length'));
      publish.mockImplementation(async (_topic, outgoing) => {
        const value = outgoing[0].value as DeadLetter;
        if (value.sealedOriginalValue !== null) throw new MessageTooLargeError(TOPICS.DEAD_LETTER, 1400000, 1000000);
      });
      const controls = batchPayload(messages(1));
      await deliver(controls);
      const published = publish.mock.calls.at(-1)![1][0].value as DeadLetter;
      expect(published.sealedOriginalValue).toBeNull();
      expect(published.originalHeaders).toEqual({});
      expect(published.reason).toBe(
        'permanent failure: RangeError (original value of ' +
          `${Buffer.byteLength(JSON.stringify(envelope(0)))} bytes not kept: MESSAGE_TOO_LARGE: a message of 1400000 bytes for atlas.dead-letter.v1 exceeds the 1000000-byte limit)`,
      );
      expect(controls.resolveOffset.mock.calls).toEqual([['1000']]);
    });

    it('dead-letters a message whose contract check throws, instead of failing the partition', async () => {
      jest.spyOn(TOPIC_VALIDATORS[TOPIC], 'validate').mockImplementation(() => {
        throw new RangeError('Maximum call stack size exceeded');
      });
      const controls = batchPayload([validMessage('90', 3)]);
      await deliver(controls);
      expect(handler).not.toHaveBeenCalled();
      expect(deadLettersPublished()[0]).toMatchObject({
        reason: `payload could not be checked against the ${TOPIC} contract: RangeError (stack overflow)`,
        source: { offset: '90', index: 3, sourceId: 'people' },
      });
    });

    it('dead-letters a payload nested 10,000 levels deep as a contract violation', async () => {
      const deepPayload = `${'{"a":'.repeat(10000)}1${'}'.repeat(10000)}`;
      const value = JSON.stringify({ ...envelope(4), payload: '§' }).replace('"§"', deepPayload);
      await deliver(batchPayload([kafkaMessage('91', value)]));
      expect(deadLettersPublished()[0]).toMatchObject({
        reason: `payload does not match the ${TOPIC} contract: /payload nests deeper than 128 levels`,
        source: { offset: '91', index: 4 },
      });
    });

    it('never logs the failing input: no message, detail or parameter of the database error', async () => {
      handler.mockRejectedValueOnce(untranslatableCharacter()).mockRejectedValueOnce(queryFailedOf('57P01'));
      failWhenHolding(['1001']);
      handler.mockRejectedValueOnce(queryFailedOf('57P01'));
      await deliver(batchPayload(messages(2)));
      expect(logged.length).toBeGreaterThan(0);
      expect(logged.join('\n')).not.toContain(SECRET);
      expect(logged).toContain(`Offset 1001 of ${TOPIC}[${PARTITION}] isolated and dead-lettered: postgres 22P05 untranslatable_character (table connector.explore_records)`);
      expect(JSON.stringify(deadLettersPublished().map((deadLetter) => deadLetter.reason))).not.toContain(SECRET);
    });

    describe('the dead-letter observer (a stage counting the dead letters of its consumer)', () => {
      let observed: Array<{ topic: string; offsets: string[]; positions: Array<[number | undefined, string | undefined]> }>;
      const observer = { deadLettered: jest.fn<Promise<void>, [string, readonly DeadLetterRequest[]]>() };

      beforeEach(async () => {
        observed = [];
        observer.deadLettered.mockReset().mockImplementation(async (topic, deadLetters) => {
          observed.push({ topic, offsets: deadLetters.map((deadLetter) => deadLetter.offset), positions: deadLetters.map((deadLetter) => [deadLetter.index, deadLetter.runId]) });
        });
        server = createServer(undefined, observer);
        await bind(server);
      });

      it("is told of the contract violations and isolated records, after they were published, not of the handler's own dead letters", async () => {
        handler.mockImplementation(async (batch: RecordBatch<RecordEnvelope>) => {
          if (batch.messages.some((message) => message.offset === '1003')) throw untranslatableCharacter();
          const own = batch.messages.find((message) => message.offset === '1000');
          if (own) batch.deadLetter(own, 'checksum mismatch');
        });
        observer.deadLettered.mockImplementation(async (topic, deadLetters) => {
          expect(deadLettersPublished()).toHaveLength(3);
          observed.push({ topic, offsets: deadLetters.map((deadLetter) => deadLetter.offset), positions: deadLetters.map((deadLetter) => [deadLetter.index, deadLetter.runId]) });
        });
        const broken = kafkaMessage('999', JSON.stringify({ ...envelope(7), checksum: 'not-a-checksum' }));
        const controls = batchPayload([broken, ...messages(4)]);
        await deliver(controls);
        expect(observed).toEqual([{ topic: TOPIC, offsets: ['999', '1003'], positions: [[7, envelope(7).runId], [3, envelope(3).runId]] }]);
        expect(controls.resolveOffset.mock.calls).toEqual([['1003']]);
      });

      it('is told the run and position of a value that is not even JSON, from the headers every envelope carries', async () => {
        const corrupted = kafkaMessage('998', '{"recordId":"0192f0c1-7a3b', envelope(8).recordId);
        corrupted.headers = { 'atlas-run-id': envelope(8).runId, 'atlas-source-id': 'people', 'atlas-position-index': '8' };
        const dropped = kafkaMessage('999', 'garbage');
        dropped.headers = { 'atlas-run-id': envelope(9).runId, 'atlas-source-id': 'people', 'atlas-position-index': '-9' };
        await deliver(batchPayload([corrupted, dropped, ...messages(1)]));
        expect(observed).toEqual([{ topic: TOPIC, offsets: ['998', '999'], positions: [[8, envelope(8).runId], [undefined, envelope(9).runId]] }]);
        expect(deadLettersPublished().map((deadLetter) => deadLetter.source)).toEqual([
          { topic: TOPIC, partition: PARTITION, offset: '998', index: 8, sourceId: 'people', runId: envelope(8).runId },
          { topic: TOPIC, partition: PARTITION, offset: '999', sourceId: 'people', runId: envelope(9).runId },
        ]);
      });

      it('is not called for a chunk without dead letters of its own', async () => {
        await deliver(batchPayload(messages(3)));
        expect(observer.deadLettered).not.toHaveBeenCalled();
      });

      it('is retried while it fails transiently, and the offset is resolved only after it succeeded', async () => {
        observer.deadLettered.mockRejectedValueOnce(connectionRefused()).mockRejectedValueOnce(connectionRefused());
        const controls = batchPayload([kafkaMessage('990', 'garbage'), ...messages(1)]);
        await deliver(controls);
        expect(observer.deadLettered).toHaveBeenCalledTimes(3);
        expect(sleeps).toHaveLength(2);
        expect(controls.resolveOffset.mock.calls).toEqual([['1000']]);
      });

      it('never blocks the partition: a permanent failure is logged and the chunk goes on', async () => {
        observer.deadLettered.mockRejectedValue(new TypeError('Cannot read properties of undefined'));
        const controls = batchPayload([kafkaMessage('990', 'garbage'), ...messages(1)]);
        await deliver(controls);
        expect(observer.deadLettered).toHaveBeenCalledTimes(1);
        expect(logged).toContain(`${TOPIC}[${PARTITION}]: 1 dead letter(s) not counted for lineage (TypeError)`);
        expect(controls.resolveOffset.mock.calls).toEqual([['1000']]);
      });

      it('stops, resolving nothing, when the consumer stops while it waits', async () => {
        observer.deadLettered.mockRejectedValue(connectionRefused());
        let checks = 0;
        const controls = batchPayload([kafkaMessage('990', 'garbage')], () => checks++ < 3);
        await deliver(controls);
        expect(controls.resolveOffset).not.toHaveBeenCalled();
      });
    });

    function queryFailedOf(code: string): Error {
      const driverError = Object.assign(new Error(`failure near "${SECRET}"`), { severity: 'FATAL', code });
      return Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });
    }
  });
});
