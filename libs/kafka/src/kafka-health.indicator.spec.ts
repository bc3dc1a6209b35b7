import { HealthIndicatorService } from '@nestjs/terminus';
import { Subject } from 'rxjs';
import { KafkaConsumerStatus } from './kafka-consumer-status';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { KafkaPublisher } from './kafka-publisher.service';

describe('KafkaHealthIndicator', () => {
  let status: KafkaConsumerStatus;
  let indicator: KafkaHealthIndicator;

  beforeEach(() => {
    status = new KafkaConsumerStatus();
    const states = new Subject<string>();
    status.track(states);
    states.next('connected');
    indicator = new KafkaHealthIndicator(new HealthIndicatorService(), { isConnected: () => true } as unknown as KafkaPublisher, status);
  });

  it('is up while every partition is served', () => {
    expect(indicator.isHealthy('kafka')).toEqual({ kafka: { status: 'up', producer: 'connected', consumer: 'connected' } });
  });

  it('is down and names each waiting partition with since when and the failure code, until it resumes', () => {
    status.partitionWaiting({ topic: 'atlas.ingest.records.v1', partition: 2, failure: 'postgres 57P03 cannot_connect_now', errorClass: 'postgres_57' }, new Date('2026-11-29T20:00:00.000Z'));
    status.partitionWaiting({ topic: 'atlas.ingest.records.v1', partition: 2, failure: 'network ECONNREFUSED', errorClass: 'network' }, new Date('2026-11-29T20:01:00.000Z'));
    expect(indicator.isHealthy('kafka')).toEqual({
      kafka: {
        status: 'down',
        producer: 'connected',
        consumer: 'connected',
        waitingPartitions: [
          { topic: 'atlas.ingest.records.v1', partition: 2, since: '2026-11-29T20:00:00.000Z', failure: 'network ECONNREFUSED', errorClass: 'network' },
        ],
      },
    });
    status.partitionResumed('atlas.ingest.records.v1', 2);
    expect(indicator.isHealthy('kafka').kafka.status).toBe('up');
  });
});
