import { Module } from '@nestjs/common';
import { PlatformModule } from '@atlas/platform';
import { ActiveContractEntity } from './contracts/active-contract.entity';
import { ContractVersionEntity } from './contracts/contract-version.entity';
import { ContractsModule } from './contracts/contracts.module';
import { QualityEnvironment } from './quality-environment';
import { QuarantinedRecordEntity } from './validation/quarantined-record.entity';
import { ValidationModule } from './validation/validation.module';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'quality', environment: QualityEnvironment, entities: [QuarantinedRecordEntity, ContractVersionEntity, ActiveContractEntity] }),
    ContractsModule,
    ValidationModule,
  ],
})
export class AppModule {}
