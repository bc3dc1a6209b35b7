import { Module } from '@nestjs/common';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { ContractsController } from './contracts.controller';
import { QualityController } from './quality.controller';

/** Contracts, results, scores and the quarantine, served from the quality service. */
@Module({
  imports: [InternalServicesModule],
  controllers: [ContractsController, QualityController],
})
export class QualityModule {}
