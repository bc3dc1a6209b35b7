// Tracing must start before Nest, express or pg are loaded.
import './tracing';
import { bootstrapService } from '@atlas/platform';
import { AppModule } from './app.module';
import { configureOpenApi } from './open-api';

void bootstrapService({
  serviceName: 'gateway',
  appModule: AppModule,
  consumesKafka: false,
  jsonBodyLimit: '32mb',
  configure: configureOpenApi,
});
