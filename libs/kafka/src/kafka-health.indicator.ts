import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaConsumerStatus } from './kafka-consumer-status';
import { KafkaPublisher } from './kafka-publisher.service';

const SERVING_CONSUMER_STATES = new Set(['connected', 'rebalancing']);

/** Ready when the producer is connected and, in services that consume, the consumer is in its group. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly healthIndicatorService: HealthIndicatorService,
    private readonly publisher: KafkaPublisher,
    private readonly consumerStatus: KafkaConsumerStatus,
  ) {}

  isHealthy(key = 'kafka'): HealthIndicatorResult {
    const indicator = this.healthIndicatorService.check(key);
    const producer = this.publisher.isConnected() ? 'connected' : 'disconnected';
    const consumer = this.consumerStatus.isTracking() ? (this.consumerStatus.current() ?? 'starting') : 'none';
    const consumerServing = consumer === 'none' || SERVING_CONSUMER_STATES.has(consumer);
    return producer === 'connected' && consumerServing
      ? indicator.up({ producer, consumer })
      : indicator.down({ producer, consumer });
  }
}
