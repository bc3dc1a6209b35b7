import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ProtectedRecordEnvelope, RunRecordCount, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { ValidationService } from './validation.service';

@Controller()
export class ValidationConsumer {
  constructor(private readonly validation: ValidationService) {}

  @EventPattern(TOPICS.PROTECTED_RECORDS)
  validateBatch(@Payload() batch: RecordBatch<ProtectedRecordEnvelope>): Promise<void> {
    return this.validation.validateBatch(batch);
  }

  @EventPattern(TOPICS.RUN_RECORD_COUNTS)
  recordRunCounts(@Payload() batch: RecordBatch<RunRecordCount>): Promise<void> {
    return this.validation.recordRunCounts(batch.messages.map(({ value }) => value));
  }
}
