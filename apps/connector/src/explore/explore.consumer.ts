import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RecordEnvelope, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { ExploreService } from './explore.service';

@Controller()
export class ExploreConsumer {
  constructor(private readonly explore: ExploreService) {}

  @EventPattern(TOPICS.INGEST_RECORDS)
  landBatch(@Payload() batch: RecordBatch<RecordEnvelope>): Promise<void> {
    return this.explore.landBatch(batch);
  }
}
