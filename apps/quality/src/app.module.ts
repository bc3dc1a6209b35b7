import { Module } from '@nestjs/common';
import { StageRunLineageModule } from '@atlas/kafka';
import { PlatformModule } from '@atlas/platform';
import { AlertsModule } from './alerts/alerts.module';
import { ActiveContractEntity } from './contracts/active-contract.entity';
import { ContractVersionEntity } from './contracts/contract-version.entity';
import { ContractsModule } from './contracts/contracts.module';
import { QualityEnvironment } from './quality-environment';
import { QuarantineModule } from './quarantine/quarantine.module';
import { ResultsModule } from './results/results.module';
import { RetentionModule } from './retention/retention.module';
import { SubjectRecordsModule } from './subjects/subject-records.module';
import { QuarantinedRecordEntity } from './validation/quarantined-record.entity';
import { ValidationModule } from './validation/validation.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'quality', environment: QualityEnvironment, entities: [QuarantinedRecordEntity, ContractVersionEntity, ActiveContractEntity] }),
    StageRunLineageModule.forSchema('quality'),
    ContractsModule,
    ValidationModule,
    QuarantineModule,
    ResultsModule,
    AlertsModule,
    RetentionModule,
    SubjectRecordsModule,
  ],
})
export class AppModule {}
