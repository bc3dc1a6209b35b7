import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Observable, Subscription } from 'rxjs';

/** Latest status of this process's Kafka consumer, as the transport reports it. */
@Injectable()
export class KafkaConsumerStatus implements OnModuleDestroy {
  private latest: string | undefined;
  private subscription?: Subscription;

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

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
