import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Context } from '@opentelemetry/api';
import { Kafka, Message, Producer } from 'kafkajs';
import { BaseEnvironment } from '@atlas/config';
import { TopicName } from '@atlas/contracts';
import { injectTraceContext, recordsPublishedTotal, StringHeaders } from '@atlas/observability';
import { createKafkaClient } from './kafka-client';
import { KAFKA_SERVICE_NAME } from './kafka.constants';

export interface OutgoingMessage {
  /** Partition key: records of one entity stay in order. */
  key: string;
  value: unknown;
  headers?: StringHeaders;
  /** Trace context to continue in the consumer; written as W3C headers. */
  traceContext?: Context;
}

// kafkajs sends one request per call; chunks keep each request well under the broker's 1 MB default.
const MESSAGES_PER_REQUEST = 500;

/**
 * The process's single Kafka producer. Sends wait for all in-sync replicas (acks=-1) and use the
 * idempotent producer, so a resolved publish means the broker has the messages.
 */
@Injectable()
export class KafkaPublisher implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaPublisher.name);
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private connected = false;

  constructor(environment: BaseEnvironment, @Inject(KAFKA_SERVICE_NAME) serviceName: string) {
    this.kafka = createKafkaClient(environment.KAFKA_BROKERS, `${serviceName}-producer`);
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    this.producer.on(this.producer.events.CONNECT, () => (this.connected = true));
    this.producer.on(this.producer.events.DISCONNECT, () => (this.connected = false));
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
    this.logger.log('Kafka producer connected');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  isConnected(): boolean {
    return this.connected;
  }

  async publish(topic: TopicName, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    for (let start = 0; start < messages.length; start += MESSAGES_PER_REQUEST) {
      const chunk = messages.slice(start, start + MESSAGES_PER_REQUEST).map(toKafkaMessage);
      await this.producer.send({ topic, messages: chunk, acks: -1 });
    }
    recordsPublishedTotal.inc({ topic }, messages.length);
  }
}

function toKafkaMessage(message: OutgoingMessage): Message {
  const headers: StringHeaders = { ...message.headers };
  if (message.traceContext) injectTraceContext(message.traceContext, headers);
  return { key: message.key, value: JSON.stringify(message.value), headers };
}
