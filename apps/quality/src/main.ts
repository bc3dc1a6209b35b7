// Tracing must start before Nest, express or pg are loaded.
import './tracing';
import { EXPLORE_DRY_RUN_ROUTES, MAX_EXPLORE_DRY_RUN_BODY_BYTES } from '@atlas/contracts';
import { bootstrapService } from '@atlas/platform';
import { AppModule } from './app.module';

void bootstrapService({
  serviceName: 'quality',
  appModule: AppModule,
  consumesKafka: true,
  runsPipelineStages: true,
  // A contract dry-run's protected Explore records (protected payloads outgrow their raw 2 MiB budget).
  routeJsonBodyLimits: () => [{ path: `/${EXPLORE_DRY_RUN_ROUTES.judgeProtected}`, limit: { bytes: MAX_EXPLORE_DRY_RUN_BODY_BYTES, setting: 'MAX_EXPLORE_DRY_RUN_BODY_BYTES' } }],
});
