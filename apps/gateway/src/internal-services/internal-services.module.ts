import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AuditedChanges } from './audited-changes';
import { HeldRecordsHints } from './held-records-hints';
import { InternalServices } from './internal-services';

/** The clients of the internal services, the audit of changes made through them and the held-records hint, for the modules that serve them. */
@Module({
  imports: [IdentityModule],
  providers: [InternalServices, AuditedChanges, HeldRecordsHints],
  exports: [InternalServices, AuditedChanges, HeldRecordsHints],
})
export class InternalServicesModule {}
