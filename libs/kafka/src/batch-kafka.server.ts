import { Logger } from '@nestjs/common';
import { KafkaOptions, KafkaStatus, ServerKafka } from '@nestjs/microservices';
import { Span, SpanStatusCode } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { isConsumedTopic, TOPIC_VALIDATORS } from '@atlas/contracts';
import {
  batchDurationSeconds,
  contextWithSpan,
  extractTraceContext,
  recordsConsumedTotal,
  startRecordSpan,
  StringHeaders,
} from '@atlas/observability';
import { kafkaLogCreator, KAFKA_LOG_LEVEL } from './kafka-client';
import { publishDeadLetters } from './dead-letter-publisher';
import { KafkaPublisher } from './kafka-publisher.service';
import { ConsumedMessage, DeadLetterRequest, RecordBatch } from './record-batch';

export interface BatchKafkaServerOptions {
  serviceName: string;
  brokers: string[];
  publisher: KafkaPublisher;
  /** Messages handed to a handler at once; offsets are committed after each chunk. */
  chunkSize?: number;
  partitionsConsumedConcurrently?: number;
}

export function stringHeaders(headers: IHeaders | undefined): StringHeaders {
  const result: StringHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

/** Best effort: where in its source a rejected record came from, if the payload still says so. */
function sourcePositionOf(value: unknown): Pick<DeadLetterRequest, 'index' | 'sourceId' | 'runId'> {
  if (typeof value !== 'object' || value === null) return {};
  const candidate = value as { position?: { index?: unknown }; sourceId?: unknown; runId?: unknown };
  const position: Pick<DeadLetterRequest, 'index' | 'sourceId' | 'runId'> = {};
  const index = candidate.position?.index;
  if (typeof index === 'number' && Number.isInteger(index) && index >= 0) position.index = index;
  if (typeof candidate.sourceId === 'string') position.sourceId = candidate.sourceId.slice(0, 200);
  if (typeof candidate.runId === 'string') position.runId = candidate.runId.slice(0, 200);
  return position;
}

type ParsedMessage<T> = { ok: true; message: ConsumedMessage<T> } | { ok: false; deadLetter: DeadLetterRequest };

/**
 * Nest's Kafka transport, consuming in batches. Nest's own ServerKafka hands handlers one message
 * at a time (nestjs/nest#9455), which caps a stage at a few hundred records/s once each message
 * needs a database round trip. This server keeps Nest's handler registry (@EventPattern), status
 * stream and lifecycle, and changes how messages reach handlers:
 *  - every message is parsed and validated against its topic's contract first; a message that fails
 *    goes to the dead-letter topic with the reason and its position, and the partition moves on;
 *  - valid messages reach the handler as a RecordBatch, each with its own trace span continuing the
 *    producer's trace;
 *  - offsets are committed only after the handler and the dead-letter writes succeeded, so a crash
 *    redelivers (at-least-once) and a handler error retries the batch instead of losing it.
 */
export class BatchKafkaServer extends ServerKafka {
  private readonly batchLogger = new Logger(BatchKafkaServer.name);
  private readonly chunkSize: number;

  constructor(private readonly batchOptions: BatchKafkaServerOptions) {
    super({
      postfixId: '',
      client: {
        clientId: batchOptions.serviceName,
        brokers: batchOptions.brokers,
        logLevel: KAFKA_LOG_LEVEL,
        logCreator: kafkaLogCreator,
        retry: { initialRetryTime: 300, maxRetryTime: 5000, retries: 30 },
      },
      consumer: {
        groupId: batchOptions.serviceName,
        allowAutoTopicCreation: false,
        // A crashed member holds its partitions until its session expires; keep that window short.
        sessionTimeout: 10000,
        rebalanceTimeout: 20000,
        heartbeatInterval: 3000,
        maxBytesPerPartition: 1024 * 1024,
        // An idle fetch returns after this long; it also bounds how long a graceful shutdown waits.
        maxWaitTimeInMs: 1000,
      },
      run: { partitionsConsumedConcurrently: batchOptions.partitionsConsumedConcurrently ?? 3 },
      subscribe: { fromBeginning: true },
    } satisfies KafkaOptions['options']);
    this.chunkSize = batchOptions.chunkSize ?? 500;
  }

  // The transport's own producer is not used: dead letters go through the shared publisher.
  protected override registerProducerEventListeners(): void {}

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    // After a crash kafkajs restarts the consumer without a new CONNECT event; a group join means it serves again.
    this.consumer?.on(this.consumer.events.GROUP_JOIN, () => this._status$.next('connected' as KafkaStatus));
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    for (const topic of topics) {
      if (!isConsumedTopic(topic)) throw new Error(`No payload contract is registered for topic ${topic}`);
    }
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    for (let start = 0; start < batch.messages.length; start += this.chunkSize) {
      if (!isRunning() || isStale()) return;
      const chunk = batch.messages.slice(start, start + this.chunkSize);
      await this.handleChunk(batch.topic, batch.partition, chunk);
      resolveOffset(chunk[chunk.length - 1].offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async handleChunk(topic: string, partition: number, chunk: KafkaMessage[]): Promise<void> {
    const stopTimer = batchDurationSeconds.startTimer({ topic });
    const rawValues = new Map<string, Buffer | null>();
    const valid: ConsumedMessage<unknown>[] = [];
    const deadLetters: DeadLetterRequest[] = [];
    const spans: Span[] = [];
    for (const message of chunk) {
      rawValues.set(message.offset, message.value);
      const parsed = this.parseMessage(topic, partition, message);
      if (parsed.ok) {
        valid.push(parsed.message);
      } else {
        deadLetters.push(parsed.deadLetter);
      }
    }
    for (const message of valid) {
      const span = startRecordSpan(`${topic} process`, message.traceContext, {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.kafka.offset': message.offset,
        'messaging.destination.partition.id': String(partition),
      });
      spans.push(span);
      message.traceContext = contextWithSpan(message.traceContext, span);
    }
    const recordBatch = new RecordBatch(topic, partition, valid, rawValues);
    try {
      if (valid.length > 0) await this.invokeHandler(topic, recordBatch);
      deadLetters.push(...recordBatch.deadLetters);
      await publishDeadLetters(this.batchOptions.publisher, this.batchOptions.serviceName, topic, deadLetters);
    } catch (error) {
      for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) }).end();
      this.batchLogger.error(`Batch of ${chunk.length} from ${topic}[${partition}] failed and will be retried: ${String(error)}`);
      throw error;
    }
    for (const span of spans) span.end();
    recordsConsumedTotal.inc({ topic, outcome: 'processed' }, valid.length - recordBatch.deadLetters.length);
    recordsConsumedTotal.inc({ topic, outcome: 'dead_lettered' }, deadLetters.length);
    if (deadLetters.length > 0) {
      this.batchLogger.warn(`${deadLetters.length} message(s) from ${topic}[${partition}] sent to the dead-letter topic`);
    }
    stopTimer();
  }

  private parseMessage(topic: string, partition: number, message: KafkaMessage): ParsedMessage<unknown> {
    const headers = stringHeaders(message.headers);
    const key = message.key ? message.key.toString() : null;
    const reject = (reason: string, value?: unknown): ParsedMessage<unknown> => ({
      ok: false,
      deadLetter: { partition, offset: message.offset, key, rawValue: message.value, headers, reason, ...sourcePositionOf(value) },
    });
    if (!message.value || message.value.length === 0) return reject('empty message value');
    let value: unknown;
    try {
      value = JSON.parse(message.value.toString('utf8'));
    } catch (error) {
      // Node's parse errors quote the input; only the position goes into the reason.
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message)?.[1];
      const where = position ? ` (at position ${position})` : /end of JSON input/.test(message) ? ' (unexpected end of input)' : '';
      return reject(`value is not valid JSON${where}`);
    }
    if (!isConsumedTopic(topic)) return reject(`no contract for topic ${topic}`);
    const result = TOPIC_VALIDATORS[topic].validate(value);
    if (!result.valid) return reject(`payload does not match the ${topic} contract: ${result.reason}`, value);
    return {
      ok: true,
      message: { value: result.value, key, headers, partition, offset: message.offset, traceContext: extractTraceContext(headers) },
    };
  }

  private async invokeHandler(topic: string, batch: RecordBatch<unknown>): Promise<void> {
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`No handler registered for ${topic}`);
    const result = await handler(batch);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}
