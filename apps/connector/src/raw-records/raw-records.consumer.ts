import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RawRecord, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { RawRecordsService } from './raw-records.service';

@Controller()
export class RawRecordsConsumer {
  constructor(private readonly rawRecords: RawRecordsService) {}

  @EventPattern(TOPICS.RAW_RECORDS)
  forwardBatch(@Payload() batch: RecordBatch<RawRecord>): Promise<void> {
    return this.rawRecords.forwardBatch(batch);
  }
}
