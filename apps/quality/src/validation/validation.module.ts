import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataContractRegistry } from './data-contract.registry';
import { QuarantinedRecordEntity } from './quarantined-record.entity';
import { QuarantinedRecordRepository } from './quarantined-record.repository';
import { ValidationConsumer } from './validation.consumer';
import { ValidationService } from './validation.service';

@Module({
  imports: [TypeOrmModule.forFeature([QuarantinedRecordEntity])],
  controllers: [ValidationConsumer],
  providers: [ValidationService, DataContractRegistry, QuarantinedRecordRepository],
})
export class ValidationModule {}
