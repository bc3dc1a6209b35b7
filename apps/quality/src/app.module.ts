import { Module } from '@nestjs/common';
import { PlatformModule } from '@atlas/platform';
import { QualityEnvironment } from './quality-environment';
import { QuarantinedRecordEntity } from './validation/quarantined-record.entity';
import { ValidationModule } from './validation/validation.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'quality', environment: QualityEnvironment, entities: [QuarantinedRecordEntity] }),
    ValidationModule,
  ],
})
export class AppModule {}
