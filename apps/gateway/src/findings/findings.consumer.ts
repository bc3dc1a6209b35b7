import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PiiFindingsMessage, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { FindingsService } from './findings.service';

@Controller()
export class FindingsConsumer {
  constructor(private readonly findings: FindingsService) {}

  @EventPattern(TOPICS.PII_FINDINGS)
  storeBatch(@Payload() batch: RecordBatch<PiiFindingsMessage>): Promise<void> {
    return this.findings.storeBatch(batch);
  }
}
