import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subscription } from 'rxjs';

/** A partition whose records cannot be processed until a dependency is back; it is retried, never skipped. */
export interface WaitingPartition {
  topic: string;
  partition: number;
  /** When the partition started waiting (ISO 8601). */
  since: string;
  /** Value-free description of the last failure, e.g. `postgres 57P03 cannot_connect_now`. */
  failure: string;
  errorClass: string;
}

/** Latest status of this process's Kafka consumer, as the transport reports it, and the partitions waiting on a dependency. */
@Injectable()
export class KafkaConsumerStatus implements OnModuleDestroy {
  private latest: string | undefined;
  private subscription?: Subscription;
  private readonly waiting = new Map<string, WaitingPartition>();

  track(status: Observable<string>): void {
    this.subscription?.unsubscribe();
    this.subscription = status.subscribe((value) => (this.latest = value));
  }

  /** undefined when this process runs no consumer. */
  current(): string | undefined {
    return this.latest;
  }

  isTracking(): boolean {
    return this.subscription !== undefined;
  }

  /** Marks a partition as waiting; a partition already waiting keeps its `since` and takes the newest failure. */
  partitionWaiting(wait: Omit<WaitingPartition, 'since'>, now = new Date()): void {
    const key = `${wait.topic}:${wait.partition}`;
    const since = this.waiting.get(key)?.since ?? now.toISOString();
    this.waiting.set(key, { ...wait, since });
  }

  partitionResumed(topic: string, partition: number): void {
    this.waiting.delete(`${topic}:${partition}`);
  }

  waitingPartitions(): WaitingPartition[] {
    return [...this.waiting.values()].sort((left, right) => left.topic.localeCompare(right.topic) || left.partition - right.partition);
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
