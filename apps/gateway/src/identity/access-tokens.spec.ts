import { UnauthorizedException } from '@nestjs/common';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { GatewayEnvironment } from '../gateway-environment';
import { AccessTokens, looksLikeJwt } from './access-tokens';

const KEY = Buffer.alloc(32, 5);
const USER_ID = '0192f0c1-0000-7000-8000-000000000042';

function accessTokens(lifetimeSeconds = 900): AccessTokens {
  return new AccessTokens(Object.assign(new GatewayEnvironment(), { GATEWAY_TOKEN_SIGNING_KEY: KEY.toString('base64'), ACCESS_TOKEN_TTL_SECONDS: lifetimeSeconds }));
}

async function codeOf(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedException);
    return ((error as UnauthorizedException).getResponse() as { code: string }).code;
  }
  throw new Error('expected a 401');
}

describe('AccessTokens', () => {
  it('issues an HS256 JWT naming only the user, its issuer and audience, for the configured lifetime', async () => {
    const issued = await accessTokens(600).issue(USER_ID, new Date('2026-11-29T12:00:00Z'));
    expect(issued.expiresIn).toBe(600);
    expect(decodeProtectedHeader(issued.accessToken)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const issuedAt = Date.parse('2026-11-29T12:00:00Z') / 1000;
    expect(decodeJwt(issued.accessToken)).toEqual({ sub: USER_ID, iss: 'atlas-gateway', aud: 'atlas-api', iat: issuedAt, exp: issuedAt + 600 });
  });

  it('verifies its own token to the user id', async () => {
    const tokens = accessTokens();
    expect(await tokens.verify((await tokens.issue(USER_ID)).accessToken)).toBe(USER_ID);
  });

  it('refuses an expired token as token_expired', async () => {
    const tokens = accessTokens();
    const { accessToken } = await tokens.issue(USER_ID, new Date(Date.now() - 901_000));
    expect(await codeOf(tokens.verify(accessToken))).toBe('token_expired');
  });

  it('refuses a token signed with another key, another algorithm, for another audience, or without a subject', async () => {
    const tokens = accessTokens();
    const sign = (build: (jwt: SignJWT) => SignJWT, key: Uint8Array = new Uint8Array(KEY), alg = 'HS256') =>
      build(new SignJWT({}).setProtectedHeader({ alg }).setIssuer('atlas-gateway').setAudience('atlas-api').setExpirationTime('5m')).sign(key);
    expect(await codeOf(tokens.verify(await sign((jwt) => jwt.setSubject(USER_ID), new Uint8Array(32))))).toBe('token_invalid');
    expect(await codeOf(tokens.verify(await sign((jwt) => jwt.setSubject(USER_ID), new Uint8Array(Buffer.alloc(64, 5)), 'HS512')))).toBe('token_invalid');
    expect(await codeOf(tokens.verify(await sign((jwt) => jwt.setSubject(USER_ID).setAudience('elsewhere'))))).toBe('token_invalid');
    expect(await codeOf(tokens.verify(await sign((jwt) => jwt)))).toBe('token_invalid');
    expect(await codeOf(tokens.verify('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'))).toBe('token_invalid');
  });

  it('tells JWT-shaped credentials from API keys', () => {
    expect(looksLikeJwt('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).toBe(true);
    expect(looksLikeJwt(`atlas_key_${'A'.repeat(43)}`)).toBe(false);
    expect(looksLikeJwt('test-api-key-0123456789abcdef')).toBe(false);
  });
});
