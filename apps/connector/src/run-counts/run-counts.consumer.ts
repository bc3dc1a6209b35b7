import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RunRecordCount, TOPICS } from '@atlas/contracts';
import { RecordBatch, StageRunLineage } from '@atlas/kafka';
import { EXPLORE_STAGE } from '../explore/explore.service';
import { NAVIGATE_STAGE } from '../navigate/navigate.service';

/** How many records each run has on the topics the connector's stages read (the ingest and Chart topics). */
@Controller()
export class RunCountsConsumer {
  constructor(private readonly stageRuns: StageRunLineage) {}

  @EventPattern(TOPICS.RUN_RECORD_COUNTS)
  async recordCounts(@Payload() batch: RecordBatch<RunRecordCount>): Promise<void> {
    const counts = batch.messages.map(({ value }) => value);
    await this.stageRuns.recordExpected(EXPLORE_STAGE, counts);
    await this.stageRuns.recordExpected(NAVIGATE_STAGE, counts);
  }
}
