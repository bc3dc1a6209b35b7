import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractsModule } from '../contracts/contracts.module';
import { ReferencesModule } from '../references/references.module';
import { ResultsModule } from '../results/results.module';
import { QuarantinedRecordEntity } from './quarantined-record.entity';
import { QuarantinedRecordRepository } from './quarantined-record.repository';
import { ValidationConsumer } from './validation.consumer';
import { ValidationService } from './validation.service';

@Module({
  imports: [TypeOrmModule.forFeature([QuarantinedRecordEntity]), ContractsModule, ResultsModule, ReferencesModule],
  controllers: [ValidationConsumer],
  providers: [ValidationService, QuarantinedRecordRepository],
  exports: [ValidationService, ReferencesModule],
})
export class ValidationModule {}
