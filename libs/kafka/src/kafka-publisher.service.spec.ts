import { Message } from 'kafkajs';
import { BaseEnvironment } from '@atlas/config';
import { TOPICS } from '@atlas/contracts';
import { hintedPartitioner } from './partition-hint';
import { DEFAULT_MAX_MESSAGE_BYTES, isSequenceDesynchronised, KafkaPublisher, MessageTooLargeError, messageSize, requestsOf, toKafkaMessage } from './kafka-publisher.service';

function publisherWithLimit(limit?: number): { publisher: KafkaPublisher; send: jest.Mock } {
  const environment = { KAFKA_BROKERS: ['localhost:9092'], ...(limit ? { KAFKA_MAX_MESSAGE_BYTES: limit } : {}) } as unknown as BaseEnvironment;
  const publisher = new KafkaPublisher(environment, 'test');
  const send = jest.fn().mockResolvedValue([]);
  Object.assign(publisher, { producer: { send } });
  return { publisher, send };
}

describe('messageSize', () => {
  it('counts key, value and header names and values in UTF-8 bytes', () => {
    const message: Message = { key: 'k1', value: '{"a":"é"}', headers: { traceparent: 'abc', tags: ['x', Buffer.from('yz')] } };
    expect(messageSize(message)).toBe(2 + 10 + 'traceparent'.length + 3 + 'tags'.length + 1 + 2);
    expect(messageSize({ key: null, value: null })).toBe(0);
  });
});

describe('toKafkaMessage', () => {
  const envelope = { sourceId: 'people', runId: '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607', position: { index: 12, total: 20 }, payload: { id: 1 } };

  it('puts a record envelope’s run, source and position index in headers, besides the ones given', () => {
    expect(toKafkaMessage(TOPICS.EXPLORE_RECORDS, { key: 'k', value: envelope, headers: { 'atlas-source-id': 'people' } })).toEqual({
      key: 'k',
      value: JSON.stringify(envelope),
      headers: { 'atlas-run-id': '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607', 'atlas-source-id': 'people', 'atlas-position-index': '12' },
    });
  });

  it('adds none on other topics', () => {
    expect(toKafkaMessage(TOPICS.RUN_RECORD_COUNTS, { key: 'k', value: envelope })).toEqual({ key: 'k', value: JSON.stringify(envelope), headers: {} });
  });

  it('hands a partition hint to the producer’s partitioner, which sends the message to that partition', () => {
    const message = toKafkaMessage(TOPICS.EXPLORE_RECORDS, { key: 'k', value: envelope, partitionHint: 5 });
    const partitionMetadata = [0, 1, 2, 3, 4, 5].map((partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));
    expect(hintedPartitioner()({ topic: TOPICS.EXPLORE_RECORDS, partitionMetadata, message })).toBe(5);
    expect(hintedPartitioner()({ topic: TOPICS.EXPLORE_RECORDS, partitionMetadata, message: toKafkaMessage(TOPICS.EXPLORE_RECORDS, { key: 'k', value: envelope, partitionHint: 11 }) })).toBe(5);
  });
});

describe('requestsOf', () => {
  const message = (value: string): Message => ({ value });

  it('starts a new request when the next message would pass the byte budget', () => {
    const messages = ['a', 'b', 'c', 'd'].map(message);
    expect(requestsOf(messages, [400, 400, 300, 900], 1000).map((request) => request.map((item) => item.value))).toEqual([['a', 'b'], ['c'], ['d']]);
  });

  it('sends at most 500 messages per request', () => {
    const messages = Array.from({ length: 1200 }, (_value, index) => message(String(index)));
    expect(requestsOf(messages, new Array(1200).fill(1), 1000000).map((request) => request.length)).toEqual([500, 500, 200]);
  });
});

describe('KafkaPublisher.publish', () => {
  it('refuses, before sending anything, a batch holding one message over the limit, naming size and limit but no content', async () => {
    const { publisher, send } = publisherWithLimit(2000);
    const secret = 'jane.doe@example.com '.repeat(100);
    const publishing = publisher.publish(TOPICS.PROTECTED_RECORDS, [
      { key: 'small', value: { note: 'fits' } },
      { key: 'large', value: { note: secret } },
    ]);
    await expect(publishing).rejects.toThrow(new MessageTooLargeError(TOPICS.PROTECTED_RECORDS, 5 + JSON.stringify({ note: secret }).length, 2000));
    await expect(publishing).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE', failureKind: 'permanent', sizeBytes: 2116, limitBytes: 2000 });
    await publishing.catch((error: Error) => expect(error.message).not.toContain('jane'));
    expect(send).not.toHaveBeenCalled();
  });

  it('sends messages up to the limit, in requests that stay under it', async () => {
    const { publisher, send } = publisherWithLimit(2000);
    const value = { note: 'x'.repeat(690) };
    await publisher.publish(TOPICS.PROTECTED_RECORDS, [1, 2, 3, 4].map((index) => ({ key: `k${index}`, value })));
    expect(send.mock.calls.map(([request]) => request.messages.length)).toEqual([2, 2]);
    expect(send.mock.calls[0][0]).toMatchObject({ topic: TOPICS.PROTECTED_RECORDS, acks: -1 });
  });

  it('defaults to a limit below the broker’s 1,048,588 bytes', () => {
    expect(DEFAULT_MAX_MESSAGE_BYTES).toBe(1000000);
    expect(publisherWithLimit().publisher.maxMessageSize()).toBe(1000000);
  });
});

describe('KafkaPublisher after a broker restart desynchronised its idempotent producer', () => {
  const desynchronised = () => {
    const protocolError = Object.assign(new Error('The broker received an out of order sequence number'), { type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    return Object.assign(new Error('retries exhausted'), { cause: protocolError });
  };
  const producerMock = (send: jest.Mock) => ({ send, on: jest.fn(), events: { CONNECT: 'connect', DISCONNECT: 'disconnect' }, connect: jest.fn().mockResolvedValue(undefined), disconnect: jest.fn().mockResolvedValue(undefined) });

  it('recognises the error itself or as the cause kafkajs wraps it in, and nothing else', () => {
    expect([isSequenceDesynchronised(desynchronised()), isSequenceDesynchronised(desynchronised().cause), isSequenceDesynchronised(new Error('other')), isSequenceDesynchronised('text')]).toEqual([true, true, false, false]);
  });

  it('fails that publish (the batch is retried), replaces the producer once, and sends the retry through the new one', async () => {
    const { publisher, send } = publisherWithLimit();
    const failed = producerMock(send.mockRejectedValue(desynchronised()));
    const replacement = producerMock(jest.fn().mockResolvedValue([]));
    const producer = jest.fn().mockReturnValue(replacement);
    Object.assign(publisher, { producer: failed, kafka: { producer } });

    await expect(publisher.publish(TOPICS.PROTECTED_RECORDS, [{ key: 'k', value: { a: 1 } }])).rejects.toThrow('retries exhausted');
    expect(producer).toHaveBeenCalledTimes(1);
    expect(producer).toHaveBeenCalledWith({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: hintedPartitioner });
    expect(failed.disconnect).toHaveBeenCalledTimes(1);
    expect(replacement.connect).toHaveBeenCalledTimes(1);

    await publisher.publish(TOPICS.PROTECTED_RECORDS, [{ key: 'k', value: { a: 1 } }]);
    expect(replacement.send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('connects a replacement that could not connect at once on the next publish, before sending', async () => {
    const { publisher, send } = publisherWithLimit();
    const failed = producerMock(send.mockRejectedValue(desynchronised()));
    const replacement = producerMock(jest.fn().mockResolvedValue([]));
    replacement.connect.mockRejectedValueOnce(new Error('broker still restarting'));
    Object.assign(publisher, { producer: failed, kafka: { producer: () => replacement } });

    await expect(publisher.publish(TOPICS.PROTECTED_RECORDS, [{ key: 'k', value: { a: 1 } }])).rejects.toThrow('broker still restarting');
    await publisher.publish(TOPICS.PROTECTED_RECORDS, [{ key: 'k', value: { a: 1 } }]);
    expect(replacement.connect).toHaveBeenCalledTimes(2);
    expect(replacement.send).toHaveBeenCalledTimes(1);
    await publisher.publish(TOPICS.PROTECTED_RECORDS, [{ key: 'k', value: { a: 1 } }]);
    expect(replacement.connect).toHaveBeenCalledTimes(2);
  });

  it('keeps the producer on any other failure', async () => {
    const { publisher, send } = publisherWithLimit();
    send.mockRejectedValue(new Error('broker unavailable'));
    const producer = jest.fn();
    Object.assign(publisher, { kafka: { producer } });
    await expect(publisher.publish(TOPICS.PROTECTED_RECORDS, [{ key: 'k', value: { a: 1 } }])).rejects.toThrow('broker unavailable');
    expect(producer).not.toHaveBeenCalled();
  });
});
