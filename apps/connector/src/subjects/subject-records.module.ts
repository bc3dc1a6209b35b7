import { Module } from '@nestjs/common';
import { SUBJECT_RECORD_STORE, SubjectRecordsController } from '@atlas/platform';
import { NavigateModule } from '../navigate/navigate.module';
import { SubjectRecordsService } from './subject-records.service';

/** Finds and erases a data subject's Explore and Navigate records for the gateway's subject requests. */
@Module({
  imports: [NavigateModule],
  controllers: [SubjectRecordsController],
  // The controller is shared (libs/platform); this service is what it searches and erases.
  providers: [SubjectRecordsService, { provide: SUBJECT_RECORD_STORE, useExisting: SubjectRecordsService }],
})
export class SubjectRecordsModule {}
