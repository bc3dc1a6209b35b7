import { Module } from '@nestjs/common';
import { StageRunLineageModule } from '@atlas/kafka';
import { PlatformModule } from '@atlas/platform';
import { ANONYMIZATION_ENTITIES, AnonymizationModule } from './anonymization/anonymization.module';
import { CLASSIFICATION_ENTITIES } from './classification/classification.module';
import { createAnalyzer } from './detection/detection.factory';
import { PiiDetectionEnvironment } from './pii-detection-environment';
import { PresidioModule } from './presidio/presidio.module';
import { ProtectionModule } from './protection/protection.module';
import { SubjectKeysModule } from './subjects/subject-keys.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'pii-detection', environment: PiiDetectionEnvironment, entities: [...ANONYMIZATION_ENTITIES, ...CLASSIFICATION_ENTITIES] }),
    StageRunLineageModule.forSchema('pii_detection'),
    AnonymizationModule,
    PresidioModule.forRoot({ analyzer: { useFactory: createAnalyzer } }),
    ProtectionModule,
    SubjectKeysModule,
  ],
})
export class AppModule {}
