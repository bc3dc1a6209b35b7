import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { InternalServicesModule } from '../internal-services/internal-services.module';
import { PiiController } from './pii.controller';
import { RevealController } from './reveal.controller';

/** Classifications, policies, the Presidio-compatible API and reveals, served from pii-detection. */
@Module({
  // IdentityModule: the audit log, for the filter auditing refused reveals.
  imports: [InternalServicesModule, IdentityModule],
  controllers: [PiiController, RevealController],
})
export class PiiModule {}
