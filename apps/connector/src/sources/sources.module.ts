import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IngestionRunPublisher } from '@atlas/ingestion';
import { ExploreModule } from '../explore/explore.module';
import { RunEntity } from './run.entity';
import { RunExecutor } from './run-executor.service';
import { RunRepository } from './run.repository';
import { RunsService } from './runs.service';
import { ScheduleTickRepository } from './schedules/schedule-tick.repository';
import { SourceScheduler } from './schedules/source-scheduler.service';
import { SourceConnectorRegistry } from './source-connector.registry';
import { SourceEntity } from './source.entity';
import { SourceRepository } from './source.repository';
import { SourcesController } from './sources.controller';
import { SourcesService } from './sources.service';
import { UploadsService } from './uploads.service';

@Module({
  imports: [TypeOrmModule.forFeature([SourceEntity, RunEntity]), ExploreModule],
  controllers: [SourcesController],
  providers: [
    SourcesService,
    RunsService,
    UploadsService,
    RunExecutor,
    RunRepository,
    SourceRepository,
    SourceConnectorRegistry,
    IngestionRunPublisher,
    SourceScheduler,
    ScheduleTickRepository,
  ],
})
export class SourcesModule {}
