import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { GatewayEnvironment } from '../gateway-environment';
import { AccessTokens } from './access-tokens';
import { AuditLogRepository } from './audit-log.repository';
import { IdentityErrors } from './identity-errors';
import { DECOY_PASSWORD_HASH, verifyPassword } from './password-hashing';
import { RefreshTokenRow, RefreshTokensRepository, RefreshTokenStore } from './refresh-tokens.repository';
import { isSecretOf, newSecret, REFRESH_TOKEN_PREFIX, secretHash } from './secret-tokens';
import { UsersRepository } from './users.repository';

export interface SessionTokens {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshToken: string;
  /** Seconds. */
  refreshExpiresIn: number;
}

/**
 * Logins and their refresh tokens. A login starts a family of refresh tokens; each refresh consumes
 * its token and issues the next of the family. A consumed token presented again means two parties
 * hold it (one of them a thief), so the whole family is revoked and both must log in again.
 */
@Injectable()
export class SessionsService {
  private readonly refreshLifetimeSeconds: number;

  constructor(
    private readonly users: UsersRepository,
    // The store's interface, so rotation is unit-tested against an in-memory store.
    @Inject(RefreshTokensRepository) private readonly refreshTokens: RefreshTokenStore,
    private readonly accessTokens: AccessTokens,
    private readonly audit: AuditLogRepository,
    environment: GatewayEnvironment,
  ) {
    this.refreshLifetimeSeconds = environment.REFRESH_TOKEN_TTL_SECONDS;
  }

  async login(email: string, password: string): Promise<SessionTokens> {
    const user = await this.users.findByEmail(email.trim().toLowerCase());
    // An unknown e-mail costs one Argon2id verification too, so timing does not tell which users exist.
    const passwordMatches = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!user || !passwordMatches || user.disabledAt) {
      const reason = !user ? 'unknown_user' : !passwordMatches ? 'wrong_password' : 'user_disabled';
      // The typed e-mail of an unknown user is not recorded: it may be anything, even a password.
      await this.audit.record({ actor: user ? `user:${user.id}` : 'anonymous', action: 'login', targetType: 'user', targetId: user?.id, outcome: 'failed', details: { reason } });
      throw IdentityErrors.credentialsInvalid();
    }
    const tokens = await this.issue(user.id, uuidv7());
    await this.audit.record({ actor: `user:${user.id}`, action: 'login', targetType: 'user', targetId: user.id, outcome: 'succeeded' });
    return tokens;
  }

  async refresh(refreshToken: string): Promise<SessionTokens> {
    if (!isSecretOf(REFRESH_TOKEN_PREFIX, refreshToken)) throw IdentityErrors.refreshTokenInvalid();
    const tokenHash = secretHash(refreshToken);
    const consumed = await this.refreshTokens.consume(tokenHash);
    if (!consumed) return this.refuseRefresh(tokenHash);
    const user = await this.users.findById(consumed.userId);
    if (!user || user.disabledAt) {
      await this.refreshTokens.revokeFamily(consumed.familyId);
      throw IdentityErrors.userDisabled();
    }
    return this.issue(user.id, consumed.familyId);
  }

  /** Revokes every refresh token of the login the token belongs to. Idempotent for a known token. */
  async logout(refreshToken: string): Promise<void> {
    const known = isSecretOf(REFRESH_TOKEN_PREFIX, refreshToken) ? await this.refreshTokens.findByHash(secretHash(refreshToken)) : undefined;
    if (!known) throw IdentityErrors.refreshTokenInvalid();
    await this.refreshTokens.revokeFamily(known.familyId);
    await this.audit.record({ actor: `user:${known.userId}`, action: 'logout', targetType: 'user', targetId: known.userId, outcome: 'succeeded' });
  }

  /** Why a token could not be consumed; reuse of a consumed token revokes its family. */
  private async refuseRefresh(tokenHash: Buffer): Promise<never> {
    const token: RefreshTokenRow | undefined = await this.refreshTokens.findByHash(tokenHash);
    if (!token) throw IdentityErrors.refreshTokenInvalid();
    if (token.usedAt) {
      const revoked = await this.refreshTokens.revokeFamily(token.familyId);
      await this.audit.record({
        actor: `user:${token.userId}`,
        action: 'refresh-token.reused',
        targetType: 'user',
        targetId: token.userId,
        outcome: 'failed',
        details: { family: token.familyId, revokedTokens: revoked },
      });
      throw IdentityErrors.refreshTokenReused();
    }
    if (token.revokedAt) throw IdentityErrors.refreshTokenRevoked();
    throw IdentityErrors.refreshTokenExpired();
  }

  private async issue(userId: string, familyId: string): Promise<SessionTokens> {
    const refreshToken = newSecret(REFRESH_TOKEN_PREFIX);
    await this.refreshTokens.insert({
      id: uuidv7(),
      familyId,
      userId,
      tokenHash: secretHash(refreshToken),
      expiresAt: new Date(Date.now() + this.refreshLifetimeSeconds * 1000),
    });
    const access = await this.accessTokens.issue(userId);
    return { tokenType: 'Bearer', accessToken: access.accessToken, expiresIn: access.expiresIn, refreshToken, refreshExpiresIn: this.refreshLifetimeSeconds };
  }
}
