import { UnauthorizedException } from '@nestjs/common';
import { GatewayEnvironment } from '../gateway-environment';
import { AccessTokens } from './access-tokens';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';
import { hashPassword } from './password-hashing';
import { NewRefreshToken, RefreshTokenRow, RefreshTokensRepository, RefreshTokenStore } from './refresh-tokens.repository';
import { secretHash } from './secret-tokens';
import { SessionsService, SessionTokens } from './sessions.service';
import { UserRow, UsersRepository } from './users.repository';

/** gateway.refresh_tokens in memory, with the same semantics as the SQL (consume is atomic here by construction). */
class InMemoryRefreshTokens implements RefreshTokenStore {
  readonly rows = new Map<string, RefreshTokenRow>();
  now = () => new Date();

  async insert(token: NewRefreshToken): Promise<void> {
    this.rows.set(token.tokenHash.toString('hex'), { id: token.id, familyId: token.familyId, userId: token.userId, expiresAt: token.expiresAt, usedAt: null, revokedAt: null });
  }

  async consume(tokenHash: Buffer): Promise<RefreshTokenRow | undefined> {
    const row = this.rows.get(tokenHash.toString('hex'));
    if (!row || row.usedAt || row.revokedAt || row.expiresAt <= this.now()) return undefined;
    row.usedAt = this.now();
    return { ...row };
  }

  async findByHash(tokenHash: Buffer): Promise<RefreshTokenRow | undefined> {
    const row = this.rows.get(tokenHash.toString('hex'));
    return row && { ...row };
  }

  async revokeFamily(familyId: string): Promise<number> {
    const live = [...this.rows.values()].filter((row) => row.familyId === familyId && !row.revokedAt);
    for (const row of live) row.revokedAt = this.now();
    return live.length;
  }

  async revokeUser(userId: string): Promise<number> {
    const live = [...this.rows.values()].filter((row) => row.userId === userId && !row.revokedAt);
    for (const row of live) row.revokedAt = this.now();
    return live.length;
  }

  /** Tokens of the family not revoked yet. */
  liveIn(familyId: string): number {
    return [...this.rows.values()].filter((row) => row.familyId === familyId && !row.revokedAt).length;
  }
}

const PASSWORD = 'a long enough password';

describe('SessionsService', () => {
  let user: UserRow;
  let store: InMemoryRefreshTokens;
  let audit: AuditEntry[];
  let sessions: SessionsService;

  beforeAll(async () => {
    user = { id: '0192f0c1-0000-7000-8000-000000000001', email: 'ada@example.com', role: 'analyst', canReveal: false, passwordHash: await hashPassword(PASSWORD), createdAt: new Date(), disabledAt: null };
  });

  beforeEach(() => {
    store = new InMemoryRefreshTokens();
    audit = [];
    const users = { findByEmail: async (email: string) => (email === user.email ? user : undefined), findById: async (id: string) => (id === user.id ? user : undefined) };
    let issued = 0;
    const accessTokens = { issue: async (userId: string) => ({ accessToken: `access-${userId}-${++issued}`, expiresIn: 900 }) };
    const auditLog = { record: async (entry: AuditEntry) => void audit.push(entry) };
    const environment = Object.assign(new GatewayEnvironment(), { REFRESH_TOKEN_TTL_SECONDS: 3600 });
    sessions = new SessionsService(
      users as unknown as UsersRepository,
      store as unknown as RefreshTokensRepository,
      accessTokens as unknown as AccessTokens,
      auditLog as unknown as AuditLogRepository,
      environment,
    );
  });

  async function codeOf(attempt: Promise<unknown>): Promise<string> {
    try {
      await attempt;
    } catch (error) {
      expect(error).toBeInstanceOf(UnauthorizedException);
      return ((error as UnauthorizedException).getResponse() as { code: string }).code;
    }
    throw new Error('expected a 401');
  }

  const familyOf = (tokens: SessionTokens) => store.rows.get(secretHash(tokens.refreshToken).toString('hex'))!.familyId;

  it('logs in with the right password (e-mail case-insensitive), storing only the hash of the refresh token', async () => {
    const tokens = await sessions.login(' Ada@Example.com ', PASSWORD);
    expect(tokens).toEqual({ tokenType: 'Bearer', accessToken: `access-${user.id}-1`, expiresIn: 900, refreshToken: expect.stringMatching(/^atlas_rt_[A-Za-z0-9_-]{43}$/), refreshExpiresIn: 3600 });
    expect([...store.rows.keys()]).toEqual([secretHash(tokens.refreshToken).toString('hex')]);
    expect(audit).toEqual([{ actor: `user:${user.id}`, action: 'login', targetType: 'user', targetId: user.id, outcome: 'succeeded' }]);
  });

  it('refuses a wrong password and an unknown e-mail alike, auditing why without the typed e-mail', async () => {
    expect(await codeOf(sessions.login(user.email, 'wrong password!!'))).toBe('credentials_invalid');
    expect(await codeOf(sessions.login('nobody@example.com', PASSWORD))).toBe('credentials_invalid');
    expect(audit).toEqual([
      { actor: `user:${user.id}`, action: 'login', targetType: 'user', targetId: user.id, outcome: 'failed', details: { reason: 'wrong_password' } },
      { actor: 'anonymous', action: 'login', targetType: 'user', targetId: undefined, outcome: 'failed', details: { reason: 'unknown_user' } },
    ]);
    expect(JSON.stringify(audit)).not.toContain('nobody');
    expect(store.rows.size).toBe(0);
  });

  it('refuses a disabled user even with the right password', async () => {
    user.disabledAt = new Date();
    try {
      expect(await codeOf(sessions.login(user.email, PASSWORD))).toBe('credentials_invalid');
      expect(audit[0].details).toEqual({ reason: 'user_disabled' });
    } finally {
      user.disabledAt = null;
    }
  });

  it('rotates: a refresh consumes its token and issues the next one of the same family', async () => {
    const first = await sessions.login(user.email, PASSWORD);
    const second = await sessions.refresh(first.refreshToken);
    const third = await sessions.refresh(second.refreshToken);
    expect(new Set([first.refreshToken, second.refreshToken, third.refreshToken]).size).toBe(3);
    expect([familyOf(second), familyOf(third)]).toEqual([familyOf(first), familyOf(first)]);
    expect([...store.rows.values()].map((row) => row.usedAt !== null)).toEqual([true, true, false]);
    expect(third.accessToken).toBe(`access-${user.id}-3`);
  });

  it('detects reuse: a consumed token presented again revokes the whole family, including the newest token', async () => {
    const first = await sessions.login(user.email, PASSWORD);
    const second = await sessions.refresh(first.refreshToken);
    expect(await codeOf(sessions.refresh(first.refreshToken))).toBe('refresh_token_reused');
    expect(store.liveIn(familyOf(first))).toBe(0);
    // Whoever holds the newest token (the user or the thief) has to log in again.
    expect(await codeOf(sessions.refresh(second.refreshToken))).toBe('refresh_token_revoked');
    expect(await codeOf(sessions.refresh(first.refreshToken))).toBe('refresh_token_reused');
    expect(audit.filter((entry) => entry.action === 'refresh-token.reused')).toEqual([
      { actor: `user:${user.id}`, action: 'refresh-token.reused', targetType: 'user', targetId: user.id, outcome: 'failed', details: { family: familyOf(first), revokedTokens: 2 } },
      { actor: `user:${user.id}`, action: 'refresh-token.reused', targetType: 'user', targetId: user.id, outcome: 'failed', details: { family: familyOf(first), revokedTokens: 0 } },
    ]);
  });

  it('leaves other logins of the same user alone when one family is revoked', async () => {
    const phone = await sessions.login(user.email, PASSWORD);
    const laptop = await sessions.login(user.email, PASSWORD);
    await sessions.refresh(phone.refreshToken);
    await codeOf(sessions.refresh(phone.refreshToken));
    expect((await sessions.refresh(laptop.refreshToken)).tokenType).toBe('Bearer');
  });

  it('logout revokes the family: its tokens answer refresh_token_revoked, and logout again is fine', async () => {
    const first = await sessions.login(user.email, PASSWORD);
    const second = await sessions.refresh(first.refreshToken);
    await sessions.logout(second.refreshToken);
    expect(store.liveIn(familyOf(first))).toBe(0);
    expect(await codeOf(sessions.refresh(second.refreshToken))).toBe('refresh_token_revoked');
    await expect(sessions.logout(second.refreshToken)).resolves.toBeUndefined();
    expect(audit.filter((entry) => entry.action === 'logout')).toHaveLength(2);
  });

  it('refuses an expired token, an unknown one and a malformed one with their own codes', async () => {
    const first = await sessions.login(user.email, PASSWORD);
    store.now = () => new Date(Date.now() + 3601 * 1000);
    expect(await codeOf(sessions.refresh(first.refreshToken))).toBe('refresh_token_expired');
    expect(await codeOf(sessions.refresh(`atlas_rt_${'A'.repeat(43)}`))).toBe('refresh_token_invalid');
    expect(await codeOf(sessions.refresh('not-a-token'))).toBe('refresh_token_invalid');
    expect(await codeOf(sessions.logout('not-a-token'))).toBe('refresh_token_invalid');
  });

  it('refuses to refresh for a user disabled since the login, and revokes the family', async () => {
    const first = await sessions.login(user.email, PASSWORD);
    user.disabledAt = new Date();
    try {
      expect(await codeOf(sessions.refresh(first.refreshToken))).toBe('user_disabled');
      expect(store.liveIn(familyOf(first))).toBe(0);
    } finally {
      user.disabledAt = null;
    }
  });
});
