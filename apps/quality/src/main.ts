// Tracing must start before Nest, express or pg are loaded.
import './tracing';
import { bootstrapService } from '@atlas/platform';
import { AppModule } from './app.module';

void bootstrapService({ serviceName: 'quality', appModule: AppModule, consumesKafka: true, runsPipelineStages: true });
