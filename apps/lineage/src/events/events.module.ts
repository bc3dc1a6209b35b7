import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GraphModule } from '../graph/graph.module';
import { LineageEventsConsumer } from './lineage-events.consumer';
import { LineageEventsController } from './lineage-events.controller';
import { LineageEventsService } from './lineage-events.service';
import { RunEventEntity } from './run-event.entity';
import { RunEventRepository } from './run-event.repository';

@Module({
  imports: [TypeOrmModule.forFeature([RunEventEntity]), GraphModule],
  controllers: [LineageEventsConsumer, LineageEventsController],
  providers: [LineageEventsService, RunEventRepository],
})
export class EventsModule {}
