import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ClassConstructor } from 'class-transformer';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeyGuard } from '@atlas/auth';
import { BaseEnvironment, ConfigModule } from '@atlas/config';
import { DatabaseModule, EntityClass } from '@atlas/database';
import { KafkaModule } from '@atlas/kafka';
import { loggerParams, MetricsController, startDefaultMetrics } from '@atlas/observability';
import { HealthController } from './health.controller';

export interface PlatformOptions<T extends BaseEnvironment> {
  serviceName: string;
  environment: ClassConstructor<T>;
  entities: EntityClass[];
}

/**
 * What every Atlas service has: validated configuration, JSON logs with trace ids, Postgres,
 * the Kafka producer and lineage publisher, health probes, Prometheus metrics and API-key auth.
 */
@Module({})
export class PlatformModule {
  static forRoot<T extends BaseEnvironment>(options: PlatformOptions<T>): DynamicModule {
    startDefaultMetrics(options.serviceName);
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(options.environment),
        LoggerModule.forRootAsync({
          inject: [BaseEnvironment],
          useFactory: (environment: BaseEnvironment) => loggerParams(options.serviceName, environment.LOG_LEVEL),
        }),
        DatabaseModule.forRoot(options.serviceName, options.entities),
        KafkaModule.forRoot(options.serviceName),
        TerminusModule.forRoot({ gracefulShutdownTimeoutMs: 0 }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
    };
  }
}
