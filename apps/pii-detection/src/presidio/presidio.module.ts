import { DynamicModule, FactoryProvider, Module, ValueProvider } from '@nestjs/common';
import { AnonymizationModule } from '../anonymization/anonymization.module';
import { PresidioController } from './presidio.controller';
import { PresidioService } from './presidio.service';
import { PII_ANALYZER, TextAnalyzer } from './presidio.tokens';

export interface PresidioModuleOptions {
  /** How to obtain the analyzer, e.g. `{ useFactory: () => new PiiAnalyzer(createPatternRecognizers()) }`. */
  analyzer: Omit<FactoryProvider<TextAnalyzer>, 'provide'> | Omit<ValueProvider<TextAnalyzer>, 'provide'>;
}

/**
 * Presidio-compatible endpoints (POST /analyze, POST /anonymize, GET /recognizers,
 * GET /supportedentities). Provides and exports PII_ANALYZER, so the pipeline can inject the same
 * analyzer instance.
 */
@Module({})
export class PresidioModule {
  static forRoot(options: PresidioModuleOptions): DynamicModule {
    const analyzerProvider = { provide: PII_ANALYZER, ...options.analyzer } as FactoryProvider<TextAnalyzer> | ValueProvider<TextAnalyzer>;
    return {
      module: PresidioModule,
      // Global: the pipeline's protection stage uses the same analyzer instance.
      global: true,
      imports: [AnonymizationModule],
      controllers: [PresidioController],
      providers: [analyzerProvider, PresidioService],
      exports: [PII_ANALYZER, PresidioService],
    };
  }
}
