import { Injectable } from '@nestjs/common';
import { ApiKeyCaller, apiKeyFingerprint, CredentialResolver, permissionsOf } from '@atlas/auth';
import { AccessTokens, looksLikeJwt } from './access-tokens';
import { ApiKeysRepository } from './api-keys.repository';
import { IdentityErrors } from './identity-errors';
import { API_KEY_PREFIX, isSecretOf, secretHash } from './secret-tokens';
import { UsersRepository } from './users.repository';

const NO_KEY_SETS = new Map();

/**
 * The gateway's credentials beyond the environment's keys (see ApiKeyGuard): a user's access token
 * or an API key created through the API. The user's or key's role and state are read at every
 * request, so disabling a user or revoking a key takes effect at once.
 */
@Injectable()
export class GatewayCredentialResolver implements CredentialResolver {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysRepository,
  ) {}

  async resolve(presented: string): Promise<ApiKeyCaller | undefined> {
    if (looksLikeJwt(presented)) return this.user(presented);
    if (isSecretOf(API_KEY_PREFIX, presented)) return this.apiKey(presented);
    return undefined;
  }

  private async user(accessToken: string): Promise<ApiKeyCaller> {
    const userId = await this.accessTokens.verify(accessToken);
    const user = await this.users.findById(userId);
    if (!user || user.disabledAt) throw IdentityErrors.userDisabled();
    return new ApiKeyCaller(`user:${user.id}`, permissionsOf(user.role, user.canReveal), NO_KEY_SETS, { kind: 'user', id: user.id, role: user.role });
  }

  private async apiKey(key: string): Promise<ApiKeyCaller | undefined> {
    const row = await this.apiKeys.findByHash(secretHash(key));
    if (!row) return undefined;
    if (row.revokedAt) throw IdentityErrors.apiKeyRevoked();
    if (row.expiresAt.getTime() <= Date.now()) throw IdentityErrors.apiKeyExpired();
    return new ApiKeyCaller(apiKeyFingerprint(key), permissionsOf(row.role, row.canReveal), NO_KEY_SETS, { kind: 'api-key', id: row.id, role: row.role });
  }
}
