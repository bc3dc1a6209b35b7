import { Module } from '@nestjs/common';
import { AnonymizationModule } from '../anonymization/anonymization.module';
import { SubjectKeysController } from './subject-keys.controller';
import { SubjectKeysService } from './subject-keys.service';

/** The hashes and vault tokens of a data subject's identifier, and crypto-shredding of their tokens. */
@Module({
  imports: [AnonymizationModule],
  controllers: [SubjectKeysController],
  providers: [SubjectKeysService],
})
export class SubjectKeysModule {}
