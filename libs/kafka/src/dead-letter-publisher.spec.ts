import { createPayloadValidator, DEAD_LETTER_SEAL_ALGORITHM, DeadLetter, DeadLetterSchema, KAFKA_HEADERS, TOPICS } from '@atlas/contracts';
import { deadLetterHeaders, deadLetterKey, publishDeadLetters as publishWithSealer } from './dead-letter-publisher';
import { DeadLetterSealer, DeadLetterUnsealer, x25519PrivateKey } from './dead-letter-sealing';
import { KafkaPublisher, OutgoingMessage } from './kafka-publisher.service';
import { DeadLetterRequest } from './record-batch';

const SOURCE_TOPIC = TOPICS.INGEST_RECORDS;
const KEYS = new DeadLetterUnsealer(x25519PrivateKey(Buffer.alloc(32, 5)));
const SEALER = new DeadLetterSealer(KEYS.publicKeyBase64);

const publishDeadLetters = (publisher: KafkaPublisher, serviceName: string, topic: string, requests: readonly DeadLetterRequest[]) =>
  publishWithSealer(publisher, SEALER, serviceName, topic, requests);

function mockPublisher() {
  const publish = jest.fn<Promise<void>, [string, readonly OutgoingMessage[]]>().mockResolvedValue(undefined);
  return { publish, publisher: { publish } as unknown as KafkaPublisher };
}

function request(overrides: Partial<DeadLetterRequest> = {}): DeadLetterRequest {
  return {
    partition: 2,
    offset: '41',
    key: '0192f0c1-7a3b-5c3d-8e4f-5a6b7c8d9e00',
    rawValue: Buffer.from('{"not":"an envelope"}'),
    headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    reason: 'payload does not match the contract',
    ...overrides,
  };
}

describe('publishDeadLetters', () => {
  it('publishes nothing when there is nothing to dead-letter', async () => {
    const { publish, publisher } = mockPublisher();
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, []);
    expect(publish).not.toHaveBeenCalled();
  });

  it('publishes one message per request to the dead-letter topic with reason, source position and the sealed original bytes', async () => {
    const { publish, publisher } = mockPublisher();
    const before = Date.now();
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request({ index: 7, sourceId: 'people', runId: 'run-1' })]);
    expect(publish).toHaveBeenCalledTimes(1);
    const [topic, messages] = publish.mock.calls[0];
    expect(topic).toBe(TOPICS.DEAD_LETTER);
    expect(messages).toHaveLength(1);
    const deadLetter = messages[0].value as DeadLetter;
    expect(deadLetter).toEqual({
      reason: 'payload does not match the contract',
      service: 'connector',
      failedAt: expect.any(String),
      source: { topic: SOURCE_TOPIC, partition: 2, offset: '41', index: 7, sourceId: 'people', runId: 'run-1' },
      originalKey: '0192f0c1-7a3b-5c3d-8e4f-5a6b7c8d9e00',
      sealedOriginalValue: { algorithm: DEAD_LETTER_SEAL_ALGORITHM, ephemeralPublicKey: expect.any(String), iv: expect.any(String), tag: expect.any(String), ciphertext: expect.any(String) },
      originalHeaders: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    expect(Date.parse(deadLetter.failedAt)).toBeGreaterThanOrEqual(before);
    expect(KEYS.unseal(deadLetter.sealedOriginalValue!, deadLetter.source).toString()).toBe('{"not":"an envelope"}');
  });

  it('puts no byte of the original value on the topic in clear, in any encoding, and stays within the contract', async () => {
    const { publish, publisher } = mockPublisher();
    const original = '{"name":"Jane Roe","email":"jane.roe@example.com","ssn":"078-05-1120"}';
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request({ rawValue: Buffer.from(original) })]);
    const message = publish.mock.calls[0][1][0];
    const onTheWire = JSON.stringify(message);
    for (const fragment of ['Jane Roe', 'jane.roe@example.com', '078-05-1120', Buffer.from(original).toString('base64').slice(0, 16), Buffer.from(original).toString('hex').slice(0, 16)]) {
      expect(onTheWire).not.toContain(fragment);
    }
    expect(createPayloadValidator<DeadLetter>(DeadLetterSchema).validate(message.value)).toMatchObject({ valid: true });
  });

  it('binds each sealed value to its own position: it does not open at another offset', async () => {
    const { publish, publisher } = mockPublisher();
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request({ offset: '1' }), request({ offset: '2' })]);
    const [first, second] = publish.mock.calls[0][1].map((message) => message.value as DeadLetter);
    expect(KEYS.unseal(second.sealedOriginalValue!, second.source).toString()).toBe('{"not":"an envelope"}');
    expect(() => KEYS.unseal(first.sealedOriginalValue!, second.source)).toThrow('The sealed value could not be opened');
  });

  it('keys each message by source topic, partition and offset and sets the reason and service headers', async () => {
    const { publish, publisher } = mockPublisher();
    await publishDeadLetters(publisher, 'quality', SOURCE_TOPIC, [request()]);
    const message = publish.mock.calls[0][1][0];
    expect(message.key).toBe(`${SOURCE_TOPIC}:2:41`);
    expect(message.headers).toEqual({
      [KAFKA_HEADERS.DEAD_LETTER_REASON]: 'payload does not match the contract',
      [KAFKA_HEADERS.DEAD_LETTER_SERVICE]: 'quality',
    });
  });

  it('leaves unknown position fields out instead of sending them empty', async () => {
    const { publish, publisher } = mockPublisher();
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request()]);
    const deadLetter = publish.mock.calls[0][1][0].value as DeadLetter;
    expect(deadLetter.source).toEqual({ topic: SOURCE_TOPIC, partition: 2, offset: '41' });
  });

  it('keeps index 0 as a known position', async () => {
    const { publish, publisher } = mockPublisher();
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request({ index: 0 })]);
    expect((publish.mock.calls[0][1][0].value as DeadLetter).source.index).toBe(0);
  });

  it('sends null for a message without key or value', async () => {
    const { publish, publisher } = mockPublisher();
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request({ key: null, rawValue: null })]);
    const deadLetter = publish.mock.calls[0][1][0].value as DeadLetter;
    expect(deadLetter.originalKey).toBeNull();
    expect(deadLetter.sealedOriginalValue).toBeNull();
  });

  it('truncates the reason header to 500 characters but keeps the full reason in the body', async () => {
    const { publish, publisher } = mockPublisher();
    const reason = 'x'.repeat(800);
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request({ reason })]);
    const message = publish.mock.calls[0][1][0];
    expect(message.headers?.[KAFKA_HEADERS.DEAD_LETTER_REASON]).toHaveLength(500);
    expect((message.value as DeadLetter).reason).toBe(reason);
  });

  it('publishes all requests of a batch in one call, in order', async () => {
    const { publish, publisher } = mockPublisher();
    await publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request({ offset: '1' }), request({ offset: '2', partition: 0 })]);
    expect(publish).toHaveBeenCalledTimes(1);
    expect(publish.mock.calls[0][1].map((message) => message.key)).toEqual([`${SOURCE_TOPIC}:2:1`, `${SOURCE_TOPIC}:0:2`]);
  });

  it('propagates a publishing failure', async () => {
    const { publish, publisher } = mockPublisher();
    publish.mockRejectedValueOnce(new Error('broker unavailable'));
    await expect(publishDeadLetters(publisher, 'connector', SOURCE_TOPIC, [request()])).rejects.toThrow('broker unavailable');
  });
});

describe('deadLetterKey', () => {
  it('keeps an Atlas record id and a missing key as they are', () => {
    expect(deadLetterKey('0192F0C1-7A3B-5C3D-8E4F-5A6B7C8D9E00')).toBe('0192F0C1-7A3B-5C3D-8E4F-5A6B7C8D9E00');
    expect(deadLetterKey(null)).toBeNull();
  });

  it('replaces any other key, however large, by its sha256', () => {
    expect(deadLetterKey('ada@example.com')).toBe('sha256:b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72');
    expect(deadLetterKey('\u0001'.repeat(170_000))).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});

describe('deadLetterHeaders', () => {
  it('keeps only the headers Atlas sets, each bounded', () => {
    expect(deadLetterHeaders({ traceparent: 't', 'atlas-run-id': 'r', 'atlas-source-id': 's', 'atlas-position-index': '7', 'x-customer-email': 'ada@example.com', tracestate: 'x'.repeat(600) })).toEqual({
      traceparent: 't',
      'atlas-run-id': 'r',
      'atlas-source-id': 's',
      'atlas-position-index': '7',
      tracestate: 'x'.repeat(512),
    });
  });
});
