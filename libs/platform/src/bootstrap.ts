import { INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { NestMicroservice } from '@nestjs/microservices';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { BaseEnvironment, EnvironmentValidationError } from '@atlas/config';
import { httpMetricsMiddleware } from '@atlas/observability';
import { BatchKafkaServer, DeadLetterObserver, DeadLetterSealer, HandlerErrorPassThroughFilter, kafkaConnection, KafkaConsumerStatus, KafkaCredentialsRefusedError, KafkaPublisher, StageRunLineage } from '@atlas/kafka';
import { ErrorBodyFormat, JsonBodyLimit, RouteJsonBodyLimit, useJsonBody } from './request-body-errors';
import { UnexpectedErrorFilter } from './unexpected-error.filter';

/** What a service accepts as a JSON body unless it says otherwise. */
export const DEFAULT_JSON_BODY_LIMIT: JsonBodyLimit = { bytes: 1024 * 1024 };

export interface ServiceBootstrapOptions {
  serviceName: string;
  appModule: Type<unknown>;
  /** Whether the service consumes Kafka topics through @EventPattern handlers. */
  consumesKafka: boolean;
  /** Whether it runs pipeline stages (StageRunLineageModule): the records its consumer dead-letters then count for their stage runs. */
  runsPipelineStages?: boolean;
  /** Most bytes one Kafka fetch takes from a partition (BatchKafkaServerOptions.maxBytesPerPartition). */
  kafkaMaxBytesPerPartition?: number;
  /** Largest JSON request body the service accepts, read from its environment; 1 MiB by default. */
  jsonBodyLimit?: (app: NestExpressApplication) => JsonBodyLimit;
  /** Routes that accept larger JSON bodies than the rest of the service. */
  routeJsonBodyLimits?: (app: NestExpressApplication) => RouteJsonBodyLimit[];
  configure?: (app: NestExpressApplication) => void;
  /** How errors answered before any route (unreadable bodies) are written; Nest's JSON shape by default. */
  errorBodyFormat?: ErrorBodyFormat;
}

export async function createService(options: ServiceBootstrapOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(options.appModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  // First, so that every request is timed, including those refused by the body parser or a guard.
  app.use(httpMetricsMiddleware);
  const bodyLimit = options.jsonBodyLimit?.(app) ?? DEFAULT_JSON_BODY_LIMIT;
  useJsonBody(app, bodyLimit, options.routeJsonBodyLimits?.(app), options.errorBodyFormat);
  app.enableShutdownHooks();
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new UnexpectedErrorFilter(app.get(HttpAdapterHost).httpAdapter));
  options.configure?.(app);
  if (options.consumesKafka) {
    const environment = app.get(BaseEnvironment);
    const server = new BatchKafkaServer({
      serviceName: options.serviceName,
      connection: kafkaConnection(environment),
      publisher: app.get(KafkaPublisher),
      deadLetterSealer: new DeadLetterSealer(environment.ATLAS_DEAD_LETTER_PUBLIC_KEY),
      consumerStatus: app.get(KafkaConsumerStatus),
      ...(options.kafkaMaxBytesPerPartition ? { maxBytesPerPartition: options.kafkaMaxBytesPerPartition } : {}),
      // A pipeline stage's lineage counts the records its consumer dead-letters on its own.
      ...(options.runsPipelineStages ? { deadLetterObserver: app.get<DeadLetterObserver>(StageRunLineage) } : {}),
    });
    app.get(KafkaConsumerStatus).track(server.status);
    // Payloads are validated by the server against their topic contract; HTTP pipes do not apply here.
    // Handler errors must reach the server whole (it classifies them and logs them without values),
    // not through Nest's default filter, which logs them with their query parameters. The filter has
    // to be set before the listeners are registered, so this does what connectMicroservice does
    // without deferInitialization, with the filter in between.
    const microservice = app.connectMicroservice({ strategy: server }, { deferInitialization: true }) as NestMicroservice;
    microservice.useGlobalFilters(new HandlerErrorPassThroughFilter());
    microservice.registerListeners();
    microservice.setIsInitialized(true);
    microservice.setIsInitHookCalled(true);
  }
  return app;
}

/** Starts a service: lifecycle hooks first, then the Kafka consumer, then HTTP (Nest's documented order). */
export async function bootstrapService(options: ServiceBootstrapOptions): Promise<INestApplication> {
  try {
    const app = await createService(options);
    await app.init();
    await app.startAllMicroservices();
    await app.listen(app.get(BaseEnvironment).HTTP_PORT, '0.0.0.0');
    return app;
  } catch (error) {
    // Configuration errors: one clear line (never a secret's value), no stack trace.
    if (error instanceof EnvironmentValidationError || error instanceof KafkaCredentialsRefusedError) {
      process.stderr.write(`${options.serviceName}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
