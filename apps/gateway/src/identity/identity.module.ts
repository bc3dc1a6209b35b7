import { Module } from '@nestjs/common';
import { CREDENTIAL_RESOLVER } from '@atlas/auth';
import { AccessTokens } from './access-tokens';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditLogRepository } from './audit-log.repository';
import { AuthController } from './auth.controller';
import { FirstAdmin } from './first-admin';
import { GatewayCredentialResolver } from './gateway-credential-resolver';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsService } from './sessions.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users, sessions, API keys and the audit log. Provides the CredentialResolver through which the
 * platform's ApiKeyGuard accepts users' access tokens and API keys created through the API.
 */
@Module({
  controllers: [AuthController, UsersController, ApiKeysController, AuditController],
  providers: [
    AccessTokens,
    UsersRepository,
    RefreshTokensRepository,
    ApiKeysRepository,
    AuditLogRepository,
    SessionsService,
    UsersService,
    ApiKeysService,
    AuditService,
    FirstAdmin,
    { provide: CREDENTIAL_RESOLVER, useClass: GatewayCredentialResolver },
  ],
  // Changes made through the internal services are audited in the same log.
  exports: [AuditLogRepository],
})
export class IdentityModule {}
