// Tracing must start before Nest, express or pg are loaded.
import './tracing';
import { bootstrapService } from '@atlas/platform';
import { AppModule } from './app.module';
import { GatewayEnvironment } from './gateway-environment';
import { configureGateway } from './security-headers';

void bootstrapService({
  serviceName: 'gateway',
  appModule: AppModule,
  // The gateway consumes PII findings to report them.
  consumesKafka: true,
  jsonBodyLimit: (app) => ({ bytes: app.get(GatewayEnvironment).MAX_REQUEST_BODY_BYTES, setting: 'MAX_REQUEST_BODY_BYTES' }),
  configure: configureGateway,
  // Unreadable bodies too are problem documents, like every other error of the public API.
  errorBodyFormat: 'problem+json',
});
