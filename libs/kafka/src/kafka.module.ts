import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaConsumerStatus } from './kafka-consumer-status';
import { KafkaHealthIndicator } from './kafka-health.indicator';
import { KafkaPublisher } from './kafka-publisher.service';
import { KAFKA_SERVICE_NAME } from './kafka.constants';
import { LineageDatasets, LineagePublisher } from './lineage-publisher.service';

@Global()
@Module({})
export class KafkaModule {
  static forRoot(serviceName: string): DynamicModule {
    const providers = [
      { provide: KAFKA_SERVICE_NAME, useValue: serviceName },
      KafkaPublisher,
      KafkaConsumerStatus,
      KafkaHealthIndicator,
      LineageDatasets,
      LineagePublisher,
    ];
    return { module: KafkaModule, imports: [TerminusModule], providers, exports: providers };
  }
}
