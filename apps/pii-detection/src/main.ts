// Tracing must start before Nest, express or pg are loaded.
import './tracing';
import { BaseEnvironment } from '@atlas/config';
import { EXPLORE_DRY_RUN_ROUTES, MAX_EXPLORE_DRY_RUN_BODY_BYTES } from '@atlas/contracts';
import { bootstrapService } from '@atlas/platform';
import { AppModule } from './app.module';

// A dead letter is posted back whole to be unsealed: it may be as large as any Kafka message.
const DEAD_LETTER_MARGIN_BYTES = 64 * 1024;

void bootstrapService({
  serviceName: 'pii-detection',
  appModule: AppModule,
  consumesKafka: true,
  runsPipelineStages: true,
  routeJsonBodyLimits: (app) => [
    {
      path: '/api/v1/dead-letters/unseal',
      limit: { bytes: app.get(BaseEnvironment).KAFKA_MAX_MESSAGE_BYTES + DEAD_LETTER_MARGIN_BYTES, setting: 'KAFKA_MAX_MESSAGE_BYTES + 64 KiB' },
    },
    // A contract dry-run's Explore records (at most 2 MiB of payloads, MAX_EXPLORE_DRY_RUN_PAYLOAD_BYTES).
    { path: `/${EXPLORE_DRY_RUN_ROUTES.protectRecords}`, limit: { bytes: MAX_EXPLORE_DRY_RUN_BODY_BYTES, setting: 'MAX_EXPLORE_DRY_RUN_BODY_BYTES' } },
  ],
});
