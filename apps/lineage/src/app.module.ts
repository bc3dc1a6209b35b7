import { Module } from '@nestjs/common';
import { PlatformModule } from '@atlas/platform';
import { EventsModule } from './events/events.module';
import { RunEventEntity } from './events/run-event.entity';
import { LineageEnvironment } from './lineage-environment';

@Module({
  imports: [
    PlatformModule.forRoot({ serviceName: 'lineage', environment: LineageEnvironment, entities: [RunEventEntity] }),
    EventsModule,
  ],
})
export class AppModule {}
