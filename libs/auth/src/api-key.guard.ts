import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { BaseEnvironment } from '@atlas/config';
import { IS_PUBLIC_KEY } from './public.decorator';

interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
}

/** The key a request presents, from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedApiKey(request: HttpRequestLike): string | undefined {
  const authorization = request.headers.authorization;
  // The scheme name is case-insensitive (RFC 9110).
  const bearer = typeof authorization === 'string' ? /^bearer\s+(.+)$/i.exec(authorization) : null;
  if (bearer) return bearer[1].trim();
  const header = request.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Every HTTP endpoint needs a valid API key unless marked @Public(). Keys are compared as sha256
 * digests in constant time, so neither their length nor their content leaks through timing.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly keyDigests: Buffer[];

  constructor(
    private readonly reflector: Reflector,
    environment: BaseEnvironment,
  ) {
    this.keyDigests = environment.ATLAS_API_KEYS.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const presented = presentedApiKey(context.switchToHttp().getRequest<HttpRequestLike>());
    if (!presented) throw new UnauthorizedException('An API key is required (Authorization: Bearer <key> or X-API-Key)');
    const presentedDigest = digest(presented);
    const matches = this.keyDigests.reduce((found, keyDigest) => timingSafeEqual(keyDigest, presentedDigest) || found, false);
    if (!matches) throw new UnauthorizedException('The API key is not valid');
    return true;
  }
}
