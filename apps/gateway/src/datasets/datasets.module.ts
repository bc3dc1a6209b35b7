import { Module } from '@nestjs/common';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { DatasetsController } from './datasets.controller';

/** Typed Navigate datasets and their rows, served from the connector. */
@Module({
  imports: [InternalServicesModule],
  controllers: [DatasetsController],
})
export class DatasetsModule {}
