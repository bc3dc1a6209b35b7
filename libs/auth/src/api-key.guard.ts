import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { BaseEnvironment } from '@atlas/config';
import { ApiKeyCaller, apiKeyFingerprint, attachCaller } from './api-key-caller';
import { Permission, REQUIRED_PERMISSION_KEY } from './permission.decorator';
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

interface KnownKey {
  digest: Buffer;
  /** The permission this key grants, or undefined for an ordinary ATLAS_API_KEYS key. */
  permission?: Permission;
}

/**
 * Every HTTP endpoint needs a valid API key unless marked @Public(), and the permission named by
 * @RequirePermission() if any. Valid keys: ATLAS_API_KEYS plus every key set of the environment's
 * permissionKeySets() (permissions add to ordinary access). No key or an unknown key → 401 before
 * anything else runs; a valid key without the permission → 403 naming it. Keys are compared as
 * sha256 digests in constant time over every configured key, so neither their length, their
 * content nor which set holds them leaks through timing. The accepted caller is attached to the
 * request (see `@Caller()`).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly knownKeys: KnownKey[];
  private readonly grantedBy: ReadonlyMap<Permission, string>;

  constructor(
    private readonly reflector: Reflector,
    environment: BaseEnvironment,
  ) {
    const permissionSets = environment.permissionKeySets();
    this.knownKeys = [
      ...environment.ATLAS_API_KEYS.map((key) => ({ digest: digest(key) })),
      ...permissionSets.flatMap((set) => set.keys.map((key) => ({ digest: digest(key), permission: set.permission as Permission }))),
    ];
    this.grantedBy = new Map(permissionSets.map((set) => [set.permission as Permission, set.variable]));
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    const presented = presentedApiKey(request);
    if (!presented) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'api_key_missing', message: 'An API key is required (Authorization: Bearer <key> or X-API-Key)' });
    const caller = this.identify(presented);
    if (!caller) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'api_key_invalid', message: 'The API key is not valid' });
    attachCaller(request, caller);
    const required = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION_KEY, [context.getHandler(), context.getClass()]);
    if (required) caller.require(required);
    return true;
  }

  /** The caller a key identifies, or undefined for an unknown key. Compares against every key, always. */
  private identify(presented: string): ApiKeyCaller | undefined {
    const presentedDigest = digest(presented);
    let known = false;
    const permissions = new Set<Permission>();
    for (const key of this.knownKeys) {
      const matches = timingSafeEqual(key.digest, presentedDigest);
      known = matches || known;
      if (matches && key.permission) permissions.add(key.permission);
    }
    return known ? new ApiKeyCaller(apiKeyFingerprint(presented), permissions, this.grantedBy) : undefined;
  }
}
