import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QualityEnvironment } from '../quality-environment';
import { ReferencesModule } from '../references/references.module';
import { ActiveContractEntity } from './active-contract.entity';
import { ActiveContractRegistry, CONTRACT_REFRESH_INTERVAL_MS } from './active-contract.registry';
import { ContractVersionEntity } from './contract-version.entity';
import { ContractRepository } from './contract.repository';
import { ContractService } from './contract.service';
import { ContractsController } from './contracts.controller';
import { ProtectedDryRunController } from './protected-dry-run.controller';

@Module({
  imports: [TypeOrmModule.forFeature([ContractVersionEntity, ActiveContractEntity]), ReferencesModule],
  controllers: [ContractsController, ProtectedDryRunController],
  providers: [
    ContractRepository,
    ActiveContractRegistry,
    ContractService,
    { provide: CONTRACT_REFRESH_INTERVAL_MS, inject: [QualityEnvironment], useFactory: (environment: QualityEnvironment) => environment.QUALITY_CONTRACT_REFRESH_MS },
  ],
  exports: [ActiveContractRegistry],
})
export class ContractsModule {}
