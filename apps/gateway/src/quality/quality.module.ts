import { Module } from '@nestjs/common';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { ContractsController } from './contracts.controller';
import { ExploreDryRun } from './explore-dry-run';
import { QualityController } from './quality.controller';

/** Contracts, results, scores and the quarantine, served from the quality service. */
@Module({
  imports: [InternalServicesModule],
  controllers: [ContractsController, QualityController],
  providers: [ExploreDryRun],
})
export class QualityModule {}
