import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Context } from '@opentelemetry/api';
import { Kafka, Message, Producer } from 'kafkajs';
import { BaseEnvironment } from '@atlas/config';
import { ENVELOPE_TOPICS, envelopePositionHeaders, TopicName } from '@atlas/contracts';
import { injectTraceContext, recordsPublishedTotal, StringHeaders } from '@atlas/observability';
import { createKafkaClient, explainKafkaConnectionError, kafkaConnection, KafkaConnection } from './kafka-client';
import { KAFKA_SERVICE_NAME } from './kafka.constants';
import { hintedPartitioner, withPartitionHint } from './partition-hint';

export interface OutgoingMessage {
  /** Partition key: records of one entity stay in order. */
  key: string;
  value: unknown;
  headers?: StringHeaders;
  /** Trace context to continue in the consumer; written as W3C headers. */
  traceContext?: Context;
  /**
   * The partition of the consumed record this one continues: the message goes to that partition
   * (modulo the topic's count) instead of its key's, so a run's records stay together (partition-hint.ts).
   */
  partitionHint?: number;
}

// kafkajs sends one request per call, with one record batch per partition; the broker refuses a
// batch over its max.message.bytes. Requests are therefore bounded by count and by total size.
const MESSAGES_PER_REQUEST = 500;

/** Default of KAFKA_MAX_MESSAGE_BYTES: below Kafka's max.message.bytes (1,048,588), leaving room for batch framing. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_000_000;

/** A message larger than the broker accepts: this record can never be published (a permanent failure). */
export class MessageTooLargeError extends Error {
  readonly code = 'MESSAGE_TOO_LARGE';
  readonly failureKind = 'permanent';

  constructor(
    readonly topic: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(`a message of ${sizeBytes} bytes for ${topic} exceeds the ${limitBytes}-byte limit`);
    this.name = 'MessageTooLargeError';
  }
}

/** What the broker counts for a message: key, value and headers (names and values), in bytes. */
export function messageSize(message: Message): number {
  let size = byteLength(message.key) + byteLength(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size += Buffer.byteLength(name) + (Array.isArray(value) ? value.reduce((sum: number, item) => sum + byteLength(item), 0) : byteLength(value));
  }
  return size;
}

function byteLength(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

/** Groups messages into requests of at most MESSAGES_PER_REQUEST messages and `maxBytes` in total. */
export function requestsOf(messages: readonly Message[], sizes: readonly number[], maxBytes: number): Message[][] {
  const requests: Message[][] = [];
  let current: Message[] = [];
  let currentBytes = 0;
  messages.forEach((message, index) => {
    if (current.length > 0 && (current.length >= MESSAGES_PER_REQUEST || currentBytes + sizes[index] > maxBytes)) {
      requests.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(message);
    currentBytes += sizes[index];
  });
  if (current.length > 0) requests.push(current);
  return requests;
}

/**
 * The process's single Kafka producer. Sends wait for all in-sync replicas (acks=-1) and use the
 * idempotent producer, so a resolved publish means the broker has the messages.
 */
@Injectable()
export class KafkaPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaPublisher.name);
  private readonly kafka: Kafka;
  private producer: Producer;
  /** A replacement producer whose connect has not succeeded yet. */
  private unconnected: Producer | undefined;
  private connected = false;
  private readonly maxMessageBytes: number;
  private readonly connection: KafkaConnection;

  constructor(environment: BaseEnvironment, @Inject(KAFKA_SERVICE_NAME) serviceName: string) {
    this.maxMessageBytes = environment.KAFKA_MAX_MESSAGE_BYTES ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.connection = kafkaConnection(environment);
    this.kafka = createKafkaClient(this.connection, `${serviceName}-producer`);
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: hintedPartitioner });
    producer.on(producer.events.CONNECT, () => (this.connected = true));
    producer.on(producer.events.DISCONNECT, () => (this.connected = false));
    return producer;
  }

  /**
   * After a broker restart an idempotent producer can lose its sequence numbers' sync with the broker
   * (OUT_OF_ORDER_SEQUENCE_NUMBER); kafkajs then fails every send of it. A new producer gets a new
   * producer id, so the failed producer is replaced once and the caller's retry goes through the new one.
   */
  private async replaceDesynchronisedProducer(failed: Producer): Promise<void> {
    if (this.producer !== failed) return;
    this.logger.warn('Kafka producer lost its sequence numbers after a broker change; replacing it');
    const replacement = this.newProducer();
    this.producer = replacement;
    this.unconnected = replacement;
    await failed.disconnect().catch(() => undefined);
    await this.connectReplacement();
  }

  /** Connects a replacement producer; one that could not connect yet is connected by the next publish. */
  private async connectReplacement(): Promise<void> {
    const producer = this.unconnected;
    if (!producer) return;
    await producer.connect();
    if (this.unconnected === producer) this.unconnected = undefined;
  }

  async onModuleInit(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      throw explainKafkaConnectionError(error, this.connection);
    }
    this.logger.log('Kafka producer connected');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** The largest message this publisher sends (KAFKA_MAX_MESSAGE_BYTES). */
  maxMessageSize(): number {
    return this.maxMessageBytes;
  }

  /**
   * Publishes all messages or throws before sending any when one is too large (MessageTooLargeError,
   * naming its size and the limit, never its content), so a batch is never half-published for a
   * reason a retry cannot cure.
   */
  async publish(topic: TopicName, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const kafkaMessages = messages.map((message) => toKafkaMessage(topic, message));
    const sizes = kafkaMessages.map(messageSize);
    const tooLarge = sizes.findIndex((size) => size > this.maxMessageBytes);
    if (tooLarge >= 0) throw new MessageTooLargeError(topic, sizes[tooLarge], this.maxMessageBytes);
    await this.connectReplacement();
    for (const request of requestsOf(kafkaMessages, sizes, this.maxMessageBytes)) {
      const producer = this.producer;
      try {
        await producer.send({ topic, messages: request, acks: -1 });
      } catch (error) {
        if (isSequenceDesynchronised(error)) await this.replaceDesynchronisedProducer(producer);
        throw error;
      }
    }
    recordsPublishedTotal.inc({ topic }, messages.length);
  }
}

/** A record envelope also states its run, source and position in headers (see envelopePositionHeaders). */
export function toKafkaMessage(topic: TopicName, message: OutgoingMessage): Message {
  const headers: StringHeaders = { ...(ENVELOPE_TOPICS.has(topic) ? envelopePositionHeaders(message.value) : {}), ...message.headers };
  if (message.traceContext) injectTraceContext(message.traceContext, headers);
  return withPartitionHint({ key: message.key, value: JSON.stringify(message.value), headers }, message.partitionHint);
}

/** Whether a send failed with OUT_OF_ORDER_SEQUENCE_NUMBER, itself or as the cause kafkajs wrapped it in. */
export function isSequenceDesynchronised(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = (current as Error & { cause?: unknown }).cause, depth++) {
    if ((current as Error & { type?: unknown }).type === 'OUT_OF_ORDER_SEQUENCE_NUMBER') return true;
  }
  return false;
}
