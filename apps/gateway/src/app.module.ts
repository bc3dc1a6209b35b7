import { Module } from '@nestjs/common';
import { PlatformModule } from '@atlas/platform';
import { FindingsModule } from './findings/findings.module';
import { PiiFindingEntity } from './findings/pii-finding.entity';
import { GatewayEnvironment } from './gateway-environment';
import { LineageModule } from './lineage/lineage.module';
import { IngestionRunEntity } from './records/ingestion-run.entity';
import { RecordsModule } from './records/records.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'gateway', environment: GatewayEnvironment, entities: [IngestionRunEntity, PiiFindingEntity] }),
    RecordsModule,
    FindingsModule,
    LineageModule,
  ],
})
export class AppModule {}
