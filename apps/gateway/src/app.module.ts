import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { PlatformModule } from '@atlas/platform';
import { FindingsModule } from './findings/findings.module';
import { PiiFindingRecordEntity } from './findings/pii-finding-record.entity';
import { GatewayEnvironment } from './gateway-environment';
import { IdentityModule } from './identity/identity.module';
import { LineageModule } from './lineage/lineage.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { PiiModule } from './pii/pii.module';
import { QualityModule } from './quality/quality.module';
import { GatewayThrottlerGuard, rateLimits } from './rate-limits';
import { IngestionRunEntity } from './records/ingestion-run.entity';
import { RecordsModule } from './records/records.module';
import { SourcesModule } from './sources/sources.module';
import { DatasetsModule } from './datasets/datasets.module';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { SubjectRequestsModule } from './subjects/subject-requests.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'gateway', environment: GatewayEnvironment, entities: [IngestionRunEntity, PiiFindingRecordEntity] }),
    ThrottlerModule.forRootAsync({ inject: [GatewayEnvironment], useFactory: rateLimits }),
    RecordsModule,
    FindingsModule,
    MonitoringModule,
    IdentityModule,
    LineageModule,
    SourcesModule,
    DatasetsModule,
    QualityModule,
    PiiModule,
    SubjectRequestsModule,
    DeadLettersModule,
  ],
  providers: [{ provide: APP_GUARD, useClass: GatewayThrottlerGuard }],
})
export class AppModule {}
