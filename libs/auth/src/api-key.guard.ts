import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { BaseEnvironment } from '@atlas/config';
import { ApiKeyCaller, apiKeyFingerprint, attachCaller } from './api-key-caller';
import { REQUIRED_PERMISSION_KEY } from './permission.decorator';
import { ENVIRONMENT_API_KEY_PERMISSIONS, Permission } from './permissions';
import { IS_PUBLIC_KEY } from './public.decorator';

interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
}

function invalidKey(): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'api_key_invalid', message: 'The API key is not valid' });
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

/**
 * Recognises credentials the environment does not list: a user's access token, an API key created
 * through the API. A service that has them (the gateway) provides one under CREDENTIAL_RESOLVER.
 * Returns undefined for credentials it does not know; throws an UnauthorizedException with its own
 * code for ones it knows to be unusable (an expired token, a revoked key).
 */
export interface CredentialResolver {
  resolve(presented: string): Promise<ApiKeyCaller | undefined>;
}

export const CREDENTIAL_RESOLVER = Symbol('atlas:credentialResolver');

const digest = (value: string) => createHash('sha256').update(value).digest();

interface KnownKey {
  digest: Buffer;
  /** The permission this key grants, or undefined for an ordinary key (the environment's acceptedApiKeys()). */
  permission?: Permission;
}

/**
 * Every HTTP endpoint needs valid credentials unless marked @Public(), and the permission named by
 * @RequirePermission() if any. Valid keys: the environment's acceptedApiKeys() (holding
 * ENVIRONMENT_API_KEY_PERMISSIONS: on a service its service credential ATLAS_SERVICE_API_KEYS, on the
 * gateway its client keys ATLAS_API_KEYS, never the service credential) plus every key set of the
 * environment's permissionKeySets() (permissions add to ordinary access),
 * then whatever the service's CredentialResolver recognises (access tokens, keys created through the
 * API). No key or an unknown key → 401 before anything else runs; valid credentials without the
 * permission → 403 naming it. Environment keys are compared as
 * sha256 digests in constant time over every configured key, so neither their length, their
 * content nor which set holds them leaks through timing. The accepted caller is attached to the
 * request (see `@Caller()`).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly knownKeys: KnownKey[];
  private readonly grantedBy: ReadonlyMap<Permission, string>;
  private resolver?: CredentialResolver | null;

  constructor(
    private readonly reflector: Reflector,
    environment: BaseEnvironment,
    private readonly moduleRef: ModuleRef,
  ) {
    const permissionSets = environment.permissionKeySets();
    this.knownKeys = [
      ...environment.acceptedApiKeys().keys.map((key) => ({ digest: digest(key) })),
      ...permissionSets.flatMap((set) => set.keys.map((key) => ({ digest: digest(key), permission: set.permission as Permission }))),
    ];
    this.grantedBy = new Map(permissionSets.map((set) => [set.permission as Permission, set.variable]));
  }

  /** Synchronous for environment keys (and for services without a resolver); a promise when the resolver decides. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    const presented = presentedApiKey(request);
    if (!presented) throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', code: 'api_key_missing', message: 'An API key is required (Authorization: Bearer <key> or X-API-Key)' });
    const caller = this.identify(presented);
    if (caller) return this.admit(context, request, caller);
    const resolver = this.credentialResolver();
    if (!resolver) throw invalidKey();
    return resolver.resolve(presented).then((resolved) => {
      if (!resolved) throw invalidKey();
      return this.admit(context, request, resolved);
    });
  }

  private admit(context: ExecutionContext, request: HttpRequestLike, caller: ApiKeyCaller): boolean {
    attachCaller(request, caller);
    const required = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION_KEY, [context.getHandler(), context.getClass()]);
    if (required) caller.require(required);
    return true;
  }

  /** The service's resolver, looked up once on first use (it lives in a feature module the guard does not import). */
  private credentialResolver(): CredentialResolver | undefined {
    if (this.resolver === undefined) {
      try {
        this.resolver = this.moduleRef.get<CredentialResolver>(CREDENTIAL_RESOLVER, { strict: false });
      } catch {
        this.resolver = null;
      }
    }
    return this.resolver ?? undefined;
  }

  /** The caller a key identifies, or undefined for an unknown key. Compares against every key, always. */
  private identify(presented: string): ApiKeyCaller | undefined {
    const presentedDigest = digest(presented);
    let known = false;
    const permissions = new Set<Permission>(ENVIRONMENT_API_KEY_PERMISSIONS);
    for (const key of this.knownKeys) {
      const matches = timingSafeEqual(key.digest, presentedDigest);
      known = matches || known;
      if (matches && key.permission) permissions.add(key.permission);
    }
    return known ? new ApiKeyCaller(apiKeyFingerprint(presented), permissions, this.grantedBy) : undefined;
  }
}
