import { Module } from '@nestjs/common';
import { AnonymizationModule } from '../anonymization/anonymization.module';
import { ProtectionModule } from '../protection/protection.module';
import { SubjectCorrectionsService } from './subject-corrections.service';
import { SubjectKeysController } from './subject-keys.controller';
import { SubjectKeysService } from './subject-keys.service';

/**
 * The hashes and vault tokens of a data subject's identifier, crypto-shredding of their tokens, and
 * a rectification's new values protected by the pipeline's RecordProtector (from ProtectionModule).
 */
@Module({
  imports: [AnonymizationModule, ProtectionModule],
  controllers: [SubjectKeysController],
  providers: [SubjectKeysService, SubjectCorrectionsService],
})
export class SubjectKeysModule {}
