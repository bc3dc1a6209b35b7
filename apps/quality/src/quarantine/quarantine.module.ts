import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module';
import { ValidationModule } from '../validation/validation.module';
import { QuarantineController } from './quarantine.controller';
import { QuarantineRepository } from './quarantine.repository';
import { QuarantineService } from './quarantine.service';
import { ReplayService } from './replay.service';

@Module({
  imports: [ContractsModule, ValidationModule],
  controllers: [QuarantineController],
  providers: [QuarantineRepository, QuarantineService, ReplayService],
})
export class QuarantineModule {}
