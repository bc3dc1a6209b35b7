import { UnauthorizedException } from '@nestjs/common';
import { apiKeyFingerprint } from '@atlas/auth';
import { AccessTokens } from './access-tokens';
import { ApiKeyRow, ApiKeysRepository } from './api-keys.repository';
import { GatewayCredentialResolver } from './gateway-credential-resolver';
import { API_KEY_PREFIX, newSecret, secretHash } from './secret-tokens';
import { UserRow, UsersRepository } from './users.repository';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';
const USER: UserRow = { id: 'u1', email: 'ada@example.com', role: 'analyst', canReveal: true, passwordHash: '$argon2id$', createdAt: new Date(), disabledAt: null };

describe('GatewayCredentialResolver', () => {
  const key = newSecret(API_KEY_PREFIX);
  let keyRow: ApiKeyRow;
  let user: UserRow;
  let resolver: GatewayCredentialResolver;

  beforeEach(() => {
    user = { ...USER };
    keyRow = { id: 'k1', name: 'export', role: 'producer', canReveal: false, keyPrefix: key.slice(0, 16), createdBy: 'user:u1', createdAt: new Date(), expiresAt: new Date(Date.now() + 60_000), revokedAt: null };
    const accessTokens = { verify: async (token: string) => (token === JWT ? 'u1' : Promise.reject(new UnauthorizedException({ code: 'token_invalid' }))) };
    const users = { findById: async (id: string) => (id === user.id ? user : undefined) };
    const apiKeys = { findByHash: async (hash: Buffer) => (hash.equals(secretHash(key)) ? keyRow : undefined) };
    resolver = new GatewayCredentialResolver(accessTokens as unknown as AccessTokens, users as unknown as UsersRepository, apiKeys as unknown as ApiKeysRepository);
  });

  async function codeOf(presented: string): Promise<string> {
    try {
      await resolver.resolve(presented);
    } catch (error) {
      return ((error as UnauthorizedException).getResponse() as { code: string }).code;
    }
    throw new Error('expected a 401');
  }

  it("resolves a user's token to the user's role permissions plus an explicit reveal grant", async () => {
    const caller = await resolver.resolve(JWT);
    expect(caller?.identity).toEqual({ kind: 'user', id: 'u1', role: 'analyst' });
    expect([caller?.has('findings:read'), caller?.has('pii:reveal'), caller?.has('records:push')]).toEqual([true, true, false]);
    expect(caller?.keyFingerprint).toBe('user:u1');
  });

  it('refuses the token of a disabled user', async () => {
    user.disabledAt = new Date();
    expect(await codeOf(JWT)).toBe('user_disabled');
  });

  it('resolves a key created through the API to its role, fingerprinted, never holding the key', async () => {
    const caller = await resolver.resolve(key);
    expect(caller?.identity).toEqual({ kind: 'api-key', id: 'k1', role: 'producer' });
    expect(caller?.keyFingerprint).toBe(apiKeyFingerprint(key));
    expect([caller?.has('records:push'), caller?.has('runs:read')]).toEqual([true, false]);
    expect(JSON.stringify(caller)).not.toContain(key);
  });

  it('refuses a revoked or expired key with its own code, and knows nothing of other credentials', async () => {
    keyRow.expiresAt = new Date(Date.now() - 1);
    expect(await codeOf(key)).toBe('api_key_expired');
    keyRow.revokedAt = new Date();
    expect(await codeOf(key)).toBe('api_key_revoked');
    expect(await resolver.resolve(newSecret(API_KEY_PREFIX))).toBeUndefined();
    expect(await resolver.resolve('an-environment-style-key-000000')).toBeUndefined();
  });
});
