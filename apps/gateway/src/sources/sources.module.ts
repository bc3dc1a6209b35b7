import { Module } from '@nestjs/common';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { SourcesController } from './sources.controller';

/** Sources, source runs and uploads, served from the connector. */
@Module({
  imports: [InternalServicesModule],
  controllers: [SourcesController],
})
export class SourcesModule {}
