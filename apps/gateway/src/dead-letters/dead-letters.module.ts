import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { DeadLettersController } from './dead-letters.controller';

/** Dead letters listed from the connector, unsealed through pii-detection. */
@Module({
  // IdentityModule: the audit log, for the filter auditing refused unseals.
  imports: [InternalServicesModule, IdentityModule],
  controllers: [DeadLettersController],
})
export class DeadLettersModule {}
