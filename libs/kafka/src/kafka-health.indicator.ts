import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { KafkaConsumerStatus } from './kafka-consumer-status';
import { KafkaPublisher } from './kafka-publisher.service';

const SERVING_CONSUMER_STATES = new Set(['connected', 'rebalancing']);

/**
 * Ready when the producer is connected and, in services that consume, the consumer is in its group
 * and no partition is waiting on a dependency. A waiting partition is named with when it started
 * waiting and the failure's code (never a value), so an operator sees what blocks it.
 */
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
    const waitingPartitions = this.consumerStatus.waitingPartitions();
    const details: Record<string, unknown> = waitingPartitions.length > 0 ? { producer, consumer, waitingPartitions } : { producer, consumer };
    return producer === 'connected' && consumerServing && waitingPartitions.length === 0 ? indicator.up(details) : indicator.down(details);
  }
}
