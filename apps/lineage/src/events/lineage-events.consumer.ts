import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { OpenLineageEvent, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { LineageEventsService } from './lineage-events.service';

@Controller()
export class LineageEventsConsumer {
  constructor(private readonly events: LineageEventsService) {}

  @EventPattern(TOPICS.LINEAGE_EVENTS)
  storeBatch(@Payload() batch: RecordBatch<OpenLineageEvent>): Promise<void> {
    return this.events.storeBatch(batch);
  }
}
