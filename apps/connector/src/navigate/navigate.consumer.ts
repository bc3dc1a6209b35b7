import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ChartRecordEnvelope, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { NavigateService } from './navigate.service';

@Controller()
export class NavigateConsumer {
  constructor(private readonly navigate: NavigateService) {}

  @EventPattern(TOPICS.CHART_RECORDS)
  writeBatch(@Payload() batch: RecordBatch<ChartRecordEnvelope>): Promise<void> {
    return this.navigate.writeBatch(batch);
  }
}
