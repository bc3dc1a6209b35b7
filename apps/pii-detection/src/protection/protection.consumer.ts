import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RecordEnvelope, RunRecordCount, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { ProtectionService } from './protection.service';

@Controller()
export class ProtectionConsumer {
  constructor(private readonly protection: ProtectionService) {}

  @EventPattern(TOPICS.EXPLORE_RECORDS)
  protectBatch(@Payload() batch: RecordBatch<RecordEnvelope>): Promise<void> {
    return this.protection.protectBatch(batch);
  }

  @EventPattern(TOPICS.RUN_RECORD_COUNTS)
  recordRunCounts(@Payload() batch: RecordBatch<RunRecordCount>): Promise<void> {
    return this.protection.recordRunCounts(batch.messages.map(({ value }) => value));
  }
}
