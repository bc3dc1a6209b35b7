import { Module } from '@nestjs/common';
import { SubjectRecordsController } from './subject-records.controller';
import { SubjectRecordsService } from './subject-records.service';

/** Finds and erases a data subject's Explore and Navigate records for the gateway's subject requests. */
@Module({
  controllers: [SubjectRecordsController],
  providers: [SubjectRecordsService],
})
export class SubjectRecordsModule {}
