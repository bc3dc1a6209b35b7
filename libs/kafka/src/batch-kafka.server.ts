import { Logger } from '@nestjs/common';
import { KafkaOptions, KafkaStatus, ServerKafka } from '@nestjs/microservices';
import { Span, SpanStatusCode } from '@opentelemetry/api';
import { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { isObservable, lastValueFrom } from 'rxjs';
import { isConsumedTopic, TOPICS } from '@atlas/contracts';
import {
  batchDurationSeconds,
  batchSizeRecords,
  consumerRetriesTotal,
  contextWithSpan,
  recordsConsumedTotal,
  recordsIsolatedTotal,
  startRecordSpan,
} from '@atlas/observability';
import { publishDeadLetters } from './dead-letter-publisher';
import { DeadLetterSealer } from './dead-letter-sealing';
import { classifyFailure, FailureClassification } from './failure-classification';
import { kafkaClientConfig, KafkaConnection } from './kafka-client';
import { KafkaConsumerStatus } from './kafka-consumer-status';
import { FETCH_MAX_WAIT_MS, FETCH_MIN_BYTES } from './kafka.constants';
import { KafkaPublisher } from './kafka-publisher.service';
import { ConsumerRetryOptions, DEFAULT_RETRY_OPTIONS, PartitionControl, retryDelay } from './partition-control';
import { sourcePositionOf } from './message-headers';
import { parseConsumedMessage } from './parse-consumed-message';
import { ConsumedMessage, ConsumerHeartbeatError, DeadLetterObserver, DeadLetterRequest, RecordBatch } from './record-batch';
import { countStageOutcomes, StageOutcomeEntry } from './stage-metrics';

export interface BatchKafkaServerOptions {
  serviceName: string;
  /** The brokers and the client's TLS/SASL options (kafkaConnection of the service's environment). */
  connection: KafkaConnection;
  publisher: KafkaPublisher;
  /** Seals dead letters' original values (ATLAS_DEAD_LETTER_PUBLIC_KEY). */
  deadLetterSealer: DeadLetterSealer;
  /** Messages handed to a handler at once; offsets are committed after each chunk. */
  chunkSize?: number;
  partitionsConsumedConcurrently?: number;
  /** Most bytes one fetch takes from a partition (kafkajs's 1 MiB by default): bounds the decoded backlog in the heap. */
  maxBytesPerPartition?: number;
  /** Told of the records the consumer dead-lettered on its own (the stage's lineage counts them). */
  deadLetterObserver?: DeadLetterObserver;
  /** Where waiting partitions are reported for the readiness check. */
  consumerStatus?: KafkaConsumerStatus;
  retry?: Partial<ConsumerRetryOptions>;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** How one run of the handler over some messages ended, after retrying what was worth retrying. */
type RunOutcome =
  | { status: 'succeeded'; deadLetters: DeadLetterRequest[] }
  | { status: 'failed'; failure: FailureClassification }
  | { status: 'stopped' };

/** Messages of one chunk and what the handler needs beyond them. */
interface ChunkContext {
  control: PartitionControl;
  rawValues: Map<string, Buffer | null>;
  spans: Map<string, Span>;
  /** Handler runs that succeeded and count (see RecordBatch.whenProcessed). */
  succeeded: RecordBatch<unknown>[];
  /** Records isolated after a permanent handler failure (the consumer's own dead letters, with those failing the contract). */
  isolated: DeadLetterRequest[];
}

const sleepFor = (ms: number) => new Promise<void>((resolveSleep) => setTimeout(resolveSleep, ms));

/**
 * Nest's Kafka transport, consuming in batches. Nest's own ServerKafka hands handlers one message
 * at a time (nestjs/nest#9455), which caps a stage at a few hundred records/s once each message
 * needs a database round trip. This server keeps Nest's handler registry (@EventPattern), status
 * stream and lifecycle, and changes how messages reach handlers:
 *  - every message is parsed and validated against its topic's contract first; a message that fails
 *    goes to the dead-letter topic with the reason and its position, and the partition moves on;
 *  - valid messages reach the handler as a RecordBatch, each with its own trace span continuing the
 *    producer's trace;
 *  - a handler failure is classified (failure-classification.ts). Transient (broker or database
 *    unavailable): the chunk is retried with exponential backoff, heartbeating meanwhile; past the
 *    bound the partition waits (keeps retrying at the capped interval, never skips a record) and the
 *    readiness check names it. Permanent (these records cannot be processed): the chunk is split in
 *    halves and the handler re-run on each until the culprit is alone; it is dead-lettered with the
 *    failure's code (never a quote of the input) and its position, and the partition moves on;
 *  - offsets are committed only after the handler and the dead-letter writes succeeded, so a crash
 *    redelivers (at-least-once).
 */
export class BatchKafkaServer extends ServerKafka {
  private readonly batchLogger = new Logger(BatchKafkaServer.name);
  private readonly chunkSize: number;
  private readonly retryOptions: ConsumerRetryOptions;

  constructor(private readonly batchOptions: BatchKafkaServerOptions) {
    super({
      postfixId: '',
      client: kafkaClientConfig(batchOptions.connection, batchOptions.serviceName),
      consumer: {
        groupId: batchOptions.serviceName,
        allowAutoTopicCreation: false,
        // A crashed member holds its partitions until its session expires; keep that window short.
        sessionTimeout: 10000,
        rebalanceTimeout: 20000,
        heartbeatInterval: 3000,
        maxBytesPerPartition: batchOptions.maxBytesPerPartition ?? 1024 * 1024,
        minBytes: FETCH_MIN_BYTES,
        // An idle or trickling fetch returns after this long; it also bounds how long a graceful shutdown waits.
        maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      },
      run: { partitionsConsumedConcurrently: batchOptions.partitionsConsumedConcurrently ?? 3 },
      subscribe: { fromBeginning: true },
    } satisfies KafkaOptions['options']);
    this.chunkSize = batchOptions.chunkSize ?? 500;
    this.retryOptions = { ...DEFAULT_RETRY_OPTIONS, ...batchOptions.retry };
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
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary } = payload;
    const control = new PartitionControl(batch.topic, batch.partition, payload, this.batchOptions.consumerStatus, this.batchOptions.sleep ?? sleepFor);
    try {
      for (let start = 0; start < batch.messages.length; start += this.chunkSize) {
        if (!control.active()) return;
        const chunk = batch.messages.slice(start, start + this.chunkSize);
        if (!(await this.handleChunk(control, chunk))) return;
        resolveOffset(chunk[chunk.length - 1].offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      }
    } finally {
      // Whatever ends this batch (done, stopped, membership lost), this process no longer waits on it.
      control.reportResumed();
    }
  }

  /** Processes one chunk to the end; false when the consumer stopped first (nothing is resolved then). */
  private async handleChunk(control: PartitionControl, chunk: KafkaMessage[]): Promise<boolean> {
    const { topic, partition } = control;
    const stopTimer = batchDurationSeconds.startTimer({ topic });
    const context: ChunkContext = { control, rawValues: new Map(), spans: new Map(), succeeded: [], isolated: [] };
    const valid: ConsumedMessage<unknown>[] = [];
    const deadLetters: DeadLetterRequest[] = [];
    for (const message of chunk) {
      context.rawValues.set(message.offset, message.value);
      const parsed = parseConsumedMessage(topic, partition, message);
      if (parsed.ok) valid.push(parsed.message);
      else deadLetters.push(parsed.deadLetter);
    }
    for (const message of valid) {
      const span = startRecordSpan(`${topic} process`, message.traceContext, {
        'messaging.system': 'kafka',
        'messaging.destination.name': topic,
        'messaging.kafka.offset': message.offset,
        'messaging.destination.partition.id': String(partition),
      });
      context.spans.set(message.offset, span);
      message.traceContext = contextWithSpan(message.traceContext, span);
    }
    const processed = valid.length > 0 ? await this.processAll(context, valid) : { deadLetters: [], isolated: 0 };
    if (processed === 'stopped' || !(await this.publishDeadLettersPatiently(control, [...deadLetters, ...processed.deadLetters]))) {
      for (const span of context.spans.values()) span.end();
      return false;
    }
    for (const span of context.spans.values()) span.end();
    if (!(await this.notifyDeadLettersPatiently(control, [...deadLetters, ...context.isolated]))) return false;
    this.countOutcomes(topic, context, valid, [...deadLetters, ...processed.deadLetters], chunk.length);
    recordsConsumedTotal.inc({ topic, outcome: 'processed' }, valid.length - processed.deadLetters.length);
    recordsConsumedTotal.inc({ topic, outcome: 'dead_lettered' }, deadLetters.length + processed.deadLetters.length);
    if (deadLetters.length + processed.deadLetters.length > 0) {
      this.batchLogger.warn(`${deadLetters.length + processed.deadLetters.length} message(s) from ${topic}[${partition}] sent to the dead-letter topic`);
    }
    stopTimer();
    return true;
  }

  /** Stage metrics of a finished chunk: each record once, from the runs that count and the dead letters. */
  private countOutcomes(topic: string, context: ChunkContext, valid: ConsumedMessage<unknown>[], deadLetters: DeadLetterRequest[], size: number): void {
    batchSizeRecords.observe({ topic }, size);
    const values = new Map(valid.map((message) => [message.offset, message.value]));
    const entries: StageOutcomeEntry[] = deadLetters.map((deadLetter) => ({ outcome: 'dead_lettered', sourceId: deadLetter.sourceId, value: values.get(deadLetter.offset) }));
    const deadLettered = new Set(deadLetters.map((deadLetter) => deadLetter.offset));
    for (const batch of context.succeeded) {
      batch.processed();
      for (const message of batch.messages) {
        if (deadLettered.has(message.offset)) continue;
        entries.push({ outcome: batch.quarantined.has(message.offset) ? 'quarantined' : 'out', value: message.value });
      }
    }
    countStageOutcomes(topic, entries);
  }

  /** Runs the handler over the chunk; a permanent failure is narrowed down to the records that cause it. */
  private async processAll(context: ChunkContext, messages: ConsumedMessage<unknown>[]): Promise<{ deadLetters: DeadLetterRequest[]; isolated: number } | 'stopped'> {
    const outcome = await this.runPatiently(context, messages, true);
    if (outcome.status === 'stopped') return 'stopped';
    if (outcome.status === 'succeeded') return { deadLetters: outcome.deadLetters, isolated: 0 };
    const { topic, partition } = context.control;
    this.batchLogger.warn(`A batch of ${messages.length} from ${topic}[${partition}] failed permanently (${outcome.failure.description}); isolating the record(s) that cause it`);
    const deadLetters: DeadLetterRequest[] = [];
    const isolated = await this.isolate(context, messages, outcome.failure, deadLetters);
    return isolated === 'stopped' ? 'stopped' : { deadLetters, isolated };
  }

  /**
   * Bisects messages known to fail: each half is run on its own; a half that fails is split again
   * until a single record fails alone, which is dead-lettered. One culprit among n costs
   * 2·⌈log2 n⌉ handler runs after the first. Halves that succeed may have published their records
   * already in an earlier run; consumers are idempotent, so a repeat adds nothing.
   */
  private async isolate(
    context: ChunkContext,
    messages: ConsumedMessage<unknown>[],
    failure: FailureClassification,
    deadLetters: DeadLetterRequest[],
  ): Promise<number | 'stopped'> {
    if (messages.length === 1) {
      const deadLetter = this.isolatedDeadLetter(context, messages[0], failure);
      deadLetters.push(deadLetter);
      context.isolated.push(deadLetter);
      return 1;
    }
    const middle = Math.ceil(messages.length / 2);
    let isolated = 0;
    for (const half of [messages.slice(0, middle), messages.slice(middle)]) {
      // A record about to be dead-lettered alone gets the same retries of an unrecognised failure as the
      // whole chunk: a passing fault during the search must not cost an innocent record.
      const outcome = await this.runPatiently(context, half, half.length === 1);
      if (outcome.status === 'stopped') return 'stopped';
      if (outcome.status === 'succeeded') {
        deadLetters.push(...outcome.deadLetters);
        continue;
      }
      const found = await this.isolate(context, half, outcome.failure, deadLetters);
      if (found === 'stopped') return 'stopped';
      isolated += found;
    }
    return isolated;
  }

  private isolatedDeadLetter(context: ChunkContext, message: ConsumedMessage<unknown>, failure: FailureClassification): DeadLetterRequest {
    const { topic } = context.control;
    recordsIsolatedTotal.inc({ topic, error_class: failure.errorClass });
    context.spans.get(message.offset)?.setStatus({ code: SpanStatusCode.ERROR, message: failure.description });
    const kind = failure.kind === 'permanent' ? 'permanent failure' : 'unrecognised failure, repeated when processed alone';
    this.batchLogger.warn(`Offset ${message.offset} of ${topic}[${message.partition}] isolated and dead-lettered: ${failure.description}`);
    return {
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      rawValue: context.rawValues.get(message.offset) ?? null,
      headers: message.headers,
      reason: `${kind}: ${failure.description}`,
      ...sourcePositionOf(message.value, message.headers),
    };
  }

  /**
   * Runs the handler until it succeeds, fails permanently or the consumer stops. Transient failures
   * are retried with backoff forever (the partition is reported as waiting past the bound);
   * unrecognised ones `unknownFailureRetries` times when `retryUnknown`, then count as failed.
   */
  private async runPatiently(context: ChunkContext, messages: ConsumedMessage<unknown>[], retryUnknown: boolean): Promise<RunOutcome> {
    const { control } = context;
    let attempt = 0;
    let unknownRetries = 0;
    for (;;) {
      if (!control.active()) return { status: 'stopped' };
      const batch = new RecordBatch(control.topic, control.partition, messages, context.rawValues, control.heartbeat);
      try {
        await this.invokeHandler(control.topic, batch);
        control.reportResumed();
        context.succeeded.push(batch);
        return { status: 'succeeded', deadLetters: batch.deadLetters };
      } catch (error) {
        const lostMembership = membershipLoss(error);
        if (lostMembership) throw lostMembership;
        const failure = classifyFailure(error);
        if (failure.kind === 'permanent') return { status: 'failed', failure };
        if (failure.kind === 'unknown' && (!retryUnknown || unknownRetries++ >= this.retryOptions.unknownFailureRetries)) return { status: 'failed', failure };
        attempt += 1;
        if (!(await this.backOff(control, failure, attempt, messages.length))) return { status: 'stopped' };
      }
    }
  }

  /** Counts, logs and waits out one failed attempt; false when the consumer should stop instead. */
  private async backOff(control: PartitionControl, failure: FailureClassification, attempt: number, size: number): Promise<boolean> {
    const delay = retryDelay(attempt, this.retryOptions);
    consumerRetriesTotal.inc({ topic: control.topic, kind: failure.kind, error_class: failure.errorClass });
    const where = `${control.topic}[${control.partition}]`;
    if (failure.kind === 'transient' && attempt >= this.retryOptions.attemptsBeforeWaiting) {
      control.reportWaiting(failure);
      this.batchLogger.error(`${where} waits for a dependency (${failure.description}); batch of ${size} retried every ${delay} ms, attempt ${attempt}`);
    } else {
      this.batchLogger.warn(`${where}: batch of ${size} failed (${failure.kind}: ${failure.description}); retry ${attempt} in ${delay} ms`);
    }
    return control.wait(delay);
  }

  /**
   * Publishes the chunk's dead letters, retrying transient failures like the handler. A dead letter
   * the broker cannot take (its original bytes, base64, exceed the message size) is published
   * without them, with the reason saying so: it must never block the partition either.
   */
  private async publishDeadLettersPatiently(control: PartitionControl, deadLetters: DeadLetterRequest[]): Promise<boolean> {
    if (deadLetters.length === 0) return true;
    if (control.topic === TOPICS.DEAD_LETTER) {
      // A dead letter that cannot be read or stored is not written back to its own topic (it would
      // come round again for ever): it is skipped, logged by position and reason (never a value).
      const positions = deadLetters.map((deadLetter) => `${deadLetter.offset} (${deadLetter.reason})`).join(', ');
      this.batchLogger.error(`${control.topic}[${control.partition}]: ${deadLetters.length} dead letter(s) skipped, not kept: offsets ${positions}`);
      return true;
    }
    let pending: DeadLetterRequest[][] = [deadLetters];
    let attempt = 0;
    while (pending.length > 0) {
      const group = pending[0];
      try {
        await publishDeadLetters(this.batchOptions.publisher, this.batchOptions.deadLetterSealer, this.batchOptions.serviceName, control.topic, group);
        pending = pending.slice(1);
        attempt = 0;
        control.reportResumed();
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind === 'transient' || (failure.kind === 'unknown' && attempt < this.retryOptions.unknownFailureRetries)) {
          attempt += 1;
          if (!(await this.backOff(control, failure, attempt, group.length))) return false;
        } else if (group.length > 1) {
          pending = [...group.map((deadLetter) => [deadLetter]), ...pending.slice(1)];
        } else if (group[0].rawValue !== null || Object.keys(group[0].headers).length > 0) {
          const [deadLetter] = group;
          const size = deadLetter.rawValue?.length ?? 0;
          pending[0] = [{ ...deadLetter, rawValue: null, headers: {}, reason: `${deadLetter.reason} (original value of ${size} bytes not kept: ${failure.description})` }];
        } else {
          // Not even the bare reason can be published: waiting is all that is left (the health check says so).
          attempt += 1;
          if (!(await this.backOff(control, { ...failure, kind: 'transient' }, Math.max(attempt, this.retryOptions.attemptsBeforeWaiting), 1))) return false;
        }
      }
    }
    return true;
  }

  /**
   * Tells the observer (the stage's lineage) of the consumer's own dead letters, retrying transient
   * failures like the handler; a permanent one is logged and skipped: lineage counts never block a partition.
   */
  private async notifyDeadLettersPatiently(control: PartitionControl, deadLetters: DeadLetterRequest[]): Promise<boolean> {
    const observer = this.batchOptions.deadLetterObserver;
    if (!observer || deadLetters.length === 0) return true;
    for (let attempt = 1; ; attempt++) {
      try {
        await observer.deadLettered(control.topic, deadLetters);
        control.reportResumed();
        return true;
      } catch (error) {
        const failure = classifyFailure(error);
        if (failure.kind === 'permanent' || (failure.kind === 'unknown' && attempt > this.retryOptions.unknownFailureRetries)) {
          this.batchLogger.error(`${control.topic}[${control.partition}]: ${deadLetters.length} dead letter(s) not counted for lineage (${failure.description})`);
          return true;
        }
        if (!(await this.backOff(control, failure, attempt, deadLetters.length))) return false;
      }
    }
  }

  private async invokeHandler(topic: string, batch: RecordBatch<unknown>): Promise<void> {
    const handler = this.messageHandlers.get(topic); // the topic's own name, as subscribed (Nest's getHandlerByPattern throws in JSON.parse every call)
    if (!handler) throw new Error(`No handler registered for ${topic}`);
    const result = await handler(batch);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}

/** The kafkajs error behind a lost heartbeat, if that is what failed: it goes to kafkajs, which rejoins the group. */
function membershipLoss(error: unknown): unknown {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; current = current.cause, depth++) {
    if (current instanceof ConsumerHeartbeatError) return current.cause ?? current;
  }
  return undefined;
}
