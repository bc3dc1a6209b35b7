// Tracing must start before Nest, express or pg are loaded.
import './tracing';
import { bootstrapService } from '@atlas/platform';
import { AppModule } from './app.module';

void bootstrapService({
  serviceName: 'connector',
  appModule: AppModule,
  consumesKafka: true,
  runsPipelineStages: true,
  // Its records are small and many: a quarter of kafkajs's 1 MiB per partition still fills whole
  // chunks, and keeps the decoded backlog (six partitions of it) out of a memory-bounded process.
  kafkaMaxBytesPerPartition: 256 * 1024,
});
