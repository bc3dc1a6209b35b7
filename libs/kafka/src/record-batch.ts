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
}

/**
 * What a consumer handler receives: validated messages of one topic partition, in order. A handler
 * that finds a record it can never process calls `deadLetter` instead of throwing; throwing means
 * "transient, retry the whole batch".
 */
export class RecordBatch<T> {
  readonly deadLetters: DeadLetterRequest[] = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly messages: ConsumedMessage<T>[],
    private readonly rawValues: Map<string, Buffer | null>,
  ) {}

  deadLetter(message: ConsumedMessage<T>, reason: string, position: Partial<Pick<DeadLetterRequest, 'index' | 'sourceId' | 'runId'>> = {}): void {
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
}
