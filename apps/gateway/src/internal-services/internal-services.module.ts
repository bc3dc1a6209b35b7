import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AuditedChanges } from './audited-changes';
import { InternalServices } from './internal-services';

/** The clients of the internal services and the audit of changes made through them, for the modules that serve them. */
@Module({
  imports: [IdentityModule],
  providers: [InternalServices, AuditedChanges],
  exports: [InternalServices, AuditedChanges],
})
export class InternalServicesModule {}
