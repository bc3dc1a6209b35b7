import { Injectable, UnauthorizedException } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { GatewayEnvironment } from '../gateway-environment';

const ISSUER = 'atlas-gateway';
const AUDIENCE = 'atlas-api';

export interface IssuedAccessToken {
  accessToken: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

/** Whether a presented credential is shaped like a JWT (three base64url parts, a JSON header). */
export function looksLikeJwt(value: string): boolean {
  return /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}

/**
 * Users' access tokens: HS256 JWTs signed with GATEWAY_TOKEN_SIGNING_KEY, carrying the user id
 * only (`sub`): the role and status are read at every request, so a disabled user or a changed role
 * takes effect at once.
 */
@Injectable()
export class AccessTokens {
  private readonly key: Uint8Array;
  private readonly lifetimeSeconds: number;

  constructor(environment: GatewayEnvironment) {
    this.key = new Uint8Array(Buffer.from(environment.GATEWAY_TOKEN_SIGNING_KEY, 'base64'));
    this.lifetimeSeconds = environment.ACCESS_TOKEN_TTL_SECONDS;
  }

  async issue(userId: string, now = new Date()): Promise<IssuedAccessToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.lifetimeSeconds)
      .sign(this.key);
    return { accessToken, expiresIn: this.lifetimeSeconds };
  }

  /** The user id of a valid token; 401 `token_expired` or `token_invalid` otherwise. */
  async verify(token: string): Promise<string> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['sub', 'exp'] });
      return payload.sub as string;
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'token_expired', message: 'The access token has expired; refresh it' });
      }
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'token_invalid', message: 'The access token is not valid' });
    }
  }
}
