import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContractsModule } from '../contracts/contracts.module';
import { ReferenceTablesRepository } from '../references/reference-tables.repository';
import { ReferenceTablesService } from '../references/reference-tables.service';
import { ResultsModule } from '../results/results.module';
import { QuarantinedRecordEntity } from './quarantined-record.entity';
import { QuarantinedRecordRepository } from './quarantined-record.repository';
import { ValidationConsumer } from './validation.consumer';
import { ValidationService } from './validation.service';

@Module({
  imports: [TypeOrmModule.forFeature([QuarantinedRecordEntity]), ContractsModule, ResultsModule],
  controllers: [ValidationConsumer],
  providers: [ValidationService, QuarantinedRecordRepository, ReferenceTablesService, ReferenceTablesRepository],
  exports: [ValidationService, ReferenceTablesService],
})
export class ValidationModule {}
