import { Context } from '@opentelemetry/api';
import { StringHeaders } from '@atlas/observability';

/** One validated message of a consumed batch. */
export interface ConsumedMessage<T> {
  value: T;
  key: string | null;
  headers: StringHeaders;
  partition: number;
  offset: string;
  /** Context of this message's processing span; pass it on to whatever the handler publishes. */
  traceContext: Context;
}

export interface DeadLetterRequest {
  partition: number;
  offset: string;
  key: string | null;
  rawValue: Buffer | null;
  headers: StringHeaders;
  reason: string;
  index?: number;
  sourceId?: string;
  runId?: string;
  /** Where the record was read in its source (see SourcePosition.location). */
  location?: string;
}

/** What a dead letter says about the record's place in its source. */
export type DeadLetterPosition = Partial<Pick<DeadLetterRequest, 'index' | 'sourceId' | 'runId' | 'location'>>;

/**
 * Told of the records a consumer dead-lettered on its own (a payload breaking its topic's contract,
 * a record isolated after a permanent handler failure), after they were published and before the
 * offsets are committed; a failure is retried like the handler's. Records a handler dead-letters
 * itself (`RecordBatch.deadLetter`) are its own to count.
 */
export interface DeadLetterObserver {
  deadLettered(topic: string, deadLetters: readonly DeadLetterRequest[]): Promise<void>;
}

/** Keeps the consumer's group membership alive; kafkajs' heartbeat (it sends at most once per heartbeat interval). */
export type Heartbeat = () => Promise<void>;

/** The consumer lost its group membership (rebalance, session expired) while a handler ran: stop, do not retry. */
export class ConsumerHeartbeatError extends Error {
  constructor(cause: unknown) {
    super('the consumer could not send its heartbeat', { cause });
    this.name = 'ConsumerHeartbeatError';
  }
}

// Yielding lets kafkajs read its socket (heartbeat answers, fetches) during long CPU-bound work.
const YIELD_INTERVAL_MS = 50;
const HEARTBEAT_INTERVAL_MS = 1000;

/**
 * What a consumer handler receives: validated messages of one topic partition, in order. A handler
 * that finds a record it can never process calls `deadLetter`; an error it throws is classified by
 * the consumer (see failure-classification.ts): a transient one retries the batch, a permanent one
 * makes the consumer isolate the record that causes it and dead-letter that record alone.
 */
export class RecordBatch<T> {
  readonly deadLetters: DeadLetterRequest[] = [];
  /** Offsets of the records the handler quarantined (kept aside, not passed on); for the stage metrics. */
  readonly quarantined = new Set<string>();
  private readonly processedCallbacks: Array<() => void> = [];
  private lastYield = Date.now();
  private lastHeartbeat = Date.now();

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly messages: ConsumedMessage<T>[],
    private readonly rawValues: Map<string, Buffer | null>,
    private readonly heartbeat: Heartbeat = async () => undefined,
  ) {}

  /**
   * Call between records of long work: yields the event loop at most every 50 ms and sends the
   * consumer's heartbeat at most every second, so a long text never lets the group session expire.
   * Throws ConsumerHeartbeatError when the membership is lost (the batch will be redelivered).
   */
  async keepAlive(): Promise<void> {
    const now = Date.now();
    if (now - this.lastYield >= YIELD_INTERVAL_MS) {
      this.lastYield = now;
      await new Promise<void>((resolveYield) => setImmediate(resolveYield));
    }
    if (now - this.lastHeartbeat >= HEARTBEAT_INTERVAL_MS) {
      this.lastHeartbeat = now;
      try {
        await this.heartbeat();
      } catch (error) {
        throw new ConsumerHeartbeatError(error);
      }
    }
  }

  deadLetter(message: ConsumedMessage<T>, reason: string, position: DeadLetterPosition = {}): void {
    this.deadLetters.push({
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      rawValue: this.rawValues.get(message.offset) ?? null,
      headers: message.headers,
      reason,
      ...position,
    });
  }

  /** Marks a record the handler kept aside (e.g. failed its data contract) rather than passed on. */
  quarantine(message: ConsumedMessage<T>): void {
    this.quarantined.add(message.offset);
  }

  /**
   * Runs `callback` only if this handler run is the one that counts: it succeeded and its offsets
   * will be committed (a run that failed, or a half re-run while isolating a bad record, never
   * calls it). For metrics that must count each record once.
   */
  whenProcessed(callback: () => void): void {
    this.processedCallbacks.push(callback);
  }

  /** Called by the consumer once the run is final. */
  processed(): void {
    for (const callback of this.processedCallbacks.splice(0)) callback();
  }
}
