import { EachBatchPayload } from 'kafkajs';
import { partitionsWaiting } from '@atlas/observability';
import { FailureClassification } from './failure-classification';
import { KafkaConsumerStatus } from './kafka-consumer-status';

export interface ConsumerRetryOptions {
  /** First delay after a failure; doubles with each further failure. */
  initialDelayMs: number;
  /** Longest delay; once reached, the partition keeps retrying at this interval. */
  maxDelayMs: number;
  /** Transient failures in a row after which the partition is reported as waiting (health check, metric). */
  attemptsBeforeWaiting: number;
  /** Whole-chunk retries of an unrecognised failure before its records are isolated like a permanent failure. */
  unknownFailureRetries: number;
}

export const DEFAULT_RETRY_OPTIONS: ConsumerRetryOptions = {
  initialDelayMs: 250,
  maxDelayMs: 10000,
  attemptsBeforeWaiting: 5,
  unknownFailureRetries: 2,
};

// The group session expires after 10 s without a heartbeat; a long wait is sliced well below that.
const HEARTBEAT_SLICE_MS = 1000;

/** Delay before retry number `attempt` (1-based): exponential, capped. */
export function retryDelay(attempt: number, options: ConsumerRetryOptions): number {
  return Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
}

/**
 * The consumer's hold on one partition while it works on a batch: whether it should go on, its
 * heartbeat, waits that keep the group membership, and the waiting state shown by the health check.
 */
export class PartitionControl {
  private waitingReported = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly payload: Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale'>,
    private readonly status: KafkaConsumerStatus | undefined,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** False once the consumer stops or the partition is re-positioned: unresolved records are redelivered. */
  active(): boolean {
    return this.payload.isRunning() && !this.payload.isStale();
  }

  /** kafkajs' heartbeat; its errors (rebalance, lost membership) must reach kafkajs so it rejoins. */
  readonly heartbeat = (): Promise<void> => this.payload.heartbeat();

  /** Waits `ms`, heartbeating every second; false when the consumer should stop instead. */
  async wait(ms: number): Promise<boolean> {
    for (let remaining = ms; remaining > 0; remaining -= HEARTBEAT_SLICE_MS) {
      if (!this.active()) return false;
      await this.sleep(Math.min(HEARTBEAT_SLICE_MS, remaining));
      await this.heartbeat();
    }
    return this.active();
  }

  reportWaiting(failure: FailureClassification): void {
    this.status?.partitionWaiting({ topic: this.topic, partition: this.partition, failure: failure.description, errorClass: failure.errorClass });
    if (!this.waitingReported) partitionsWaiting.inc({ topic: this.topic });
    this.waitingReported = true;
  }

  reportResumed(): void {
    if (!this.waitingReported) return;
    this.status?.partitionResumed(this.topic, this.partition);
    partitionsWaiting.dec({ topic: this.topic });
    this.waitingReported = false;
  }
}
