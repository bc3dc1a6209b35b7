import { INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { BaseEnvironment, EnvironmentValidationError } from '@atlas/config';
import { BatchKafkaServer, KafkaConsumerStatus, KafkaPublisher } from '@atlas/kafka';

export interface ServiceBootstrapOptions {
  serviceName: string;
  appModule: Type<unknown>;
  /** Whether the service consumes Kafka topics through @EventPattern handlers. */
  consumesKafka: boolean;
  /** Largest JSON request body the service accepts. */
  jsonBodyLimit?: string;
  configure?: (app: NestExpressApplication) => void;
}

export async function createService(options: ServiceBootstrapOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(options.appModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: options.jsonBodyLimit ?? '1mb' });
  app.enableShutdownHooks();
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  options.configure?.(app);
  if (options.consumesKafka) {
    const environment = app.get(BaseEnvironment);
    const server = new BatchKafkaServer({
      serviceName: options.serviceName,
      brokers: environment.KAFKA_BROKERS,
      publisher: app.get(KafkaPublisher),
    });
    app.get(KafkaConsumerStatus).track(server.status);
    // Payloads are validated by the server against their topic contract; HTTP pipes do not apply here.
    app.connectMicroservice({ strategy: server });
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
    if (error instanceof EnvironmentValidationError) {
      process.stderr.write(`${options.serviceName}: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
