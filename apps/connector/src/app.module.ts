import { Module } from '@nestjs/common';
import { PlatformModule } from '@atlas/platform';
import { ConnectorEnvironment } from './connector-environment';
import { ExploreModule } from './explore/explore.module';
import { ExploreRecordEntity } from './explore/explore-record.entity';
import { NavigateModule } from './navigate/navigate.module';
import { NavigateRecordEntity } from './navigate/navigate-record.entity';

@Module({
  imports: [
    PlatformModule.forRoot({
      serviceName: 'connector',
      environment: ConnectorEnvironment,
      entities: [ExploreRecordEntity, NavigateRecordEntity],
    }),
    ExploreModule,
    NavigateModule,
  ],
})
export class AppModule {}
