import { Module } from '@nestjs/common';
import { StageRunLineageModule } from '@atlas/kafka';
import { PlatformModule } from '@atlas/platform';
import { ConnectorEnvironment } from './connector-environment';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { ExploreModule } from './explore/explore.module';
import { ExploreRecordIdEntity } from './explore/explore-record-id.entity';
import { ExploreRecordEntity } from './explore/explore-record.entity';
import { NavigateModule } from './navigate/navigate.module';
import { NavigateRecordEntity } from './navigate/navigate-record.entity';
import { RawRecordsModule } from './raw-records/raw-records.module';
import { RunCountsModule } from './run-counts/run-counts.module';
import { RunEntity } from './sources/run.entity';
import { SourceEntity } from './sources/source.entity';
import { SourcesModule } from './sources/sources.module';
import { SubjectRecordsModule } from './subjects/subject-records.module';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'connector',
      environment: ConnectorEnvironment,
      entities: [ExploreRecordEntity, ExploreRecordIdEntity, NavigateRecordEntity, SourceEntity, RunEntity],
    }),
    StageRunLineageModule.forSchema('connector'),
    DeadLettersModule,
    ExploreModule,
    NavigateModule,
    RawRecordsModule,
    RunCountsModule,
    SourcesModule,
    SubjectRecordsModule,
  ],
})
export class AppModule {}
