import { Module } from '@nestjs/common';
import { ContractsModule } from '../contracts/contracts.module';
import { ValidationModule } from '../validation/validation.module';
import { HeldRecordsController } from './held-records.controller';
import { HeldReplayRepository } from './held-replay.repository';
import { HeldReplayWorker } from './held-replay.worker';
import { QuarantineController } from './quarantine.controller';
import { QuarantineRepository } from './quarantine.repository';
import { QuarantineService } from './quarantine.service';
import { ReplayService } from './replay.service';

@Module({
  imports: [ContractsModule, ValidationModule],
  controllers: [QuarantineController, HeldRecordsController],
  providers: [QuarantineRepository, QuarantineService, ReplayService, HeldReplayRepository, HeldReplayWorker],
})
export class QuarantineModule {}
