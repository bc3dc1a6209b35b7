import { createParamDecorator, ExecutionContext, ForbiddenException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Permission, Role, ROLE_PERMISSIONS, ROLES, SEPARATELY_GRANTED_PERMISSION } from './permissions';

/** Identifies a key in audit rows and logs without revealing it: the first 16 hex characters of its sha256. */
export function apiKeyFingerprint(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
}

/**
 * How the caller proved who it is: a key from the environment (the gateway's ATLAS_API_KEYS, a
 * service's ATLAS_SERVICE_API_KEYS and the permission key sets), an API key created through the gateway's API, or a user's access token.
 */
export type CallerKind = 'environment-key' | 'api-key' | 'user';

export interface CallerIdentity {
  kind: CallerKind;
  /** The user's or API key's id; for an environment key, its fingerprint. */
  id: string;
  /** The role of a user or API key; environment keys have none. */
  role?: Role;
}

/** The roles whose permissions include `permission`, for refusals that say how to get it. */
export function rolesGranting(permission: Permission): Role[] {
  return ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission));
}

function refusalMessage(permission: Permission, identity: CallerIdentity, grantedBy: string | undefined): string {
  if (identity.kind === 'environment-key') {
    const where = grantedBy ? `a key from ${grantedBy} is required` : 'no key of this service grants it';
    return `This API key lacks the permission ${permission}; ${where}`;
  }
  const who = identity.kind === 'user' ? 'This user' : 'This API key';
  const where =
    permission === SEPARATELY_GRANTED_PERMISSION ? 'it is granted explicitly, never by a role' : `roles granting it: ${rolesGranting(permission).join(', ')}`;
  return `${who} (role ${identity.role}) lacks the permission ${permission}; ${where}`;
}

/** 403 for valid credentials without the permission an endpoint needs; names the permission and how it is granted. */
export class PermissionDeniedException extends ForbiddenException {
  constructor(
    readonly permission: Permission,
    /** The caller's key fingerprint (or `user:<id>`), so an audited endpoint can record the refusal. */
    readonly keyFingerprint: string,
    grantedBy: string | undefined,
    identity: CallerIdentity = { kind: 'environment-key', id: keyFingerprint },
  ) {
    super({ statusCode: 403, error: 'Forbidden', code: 'permission_denied', permission, message: refusalMessage(permission, identity, grantedBy) });
  }
}

/**
 * Who called: known once the ApiKeyGuard accepted the request's credentials (an API key or a user's
 * access token). Holds a fingerprint, never the key or token.
 */
export class ApiKeyCaller {
  constructor(
    /** Fingerprint of the key presented; `user:<id>` for a user. */
    readonly keyFingerprint: string,
    private readonly permissions: ReadonlySet<Permission>,
    /** Permission → the variable listing the keys that grant it (for error messages). */
    private readonly grantedBy: ReadonlyMap<Permission, string>,
    readonly identity: CallerIdentity = { kind: 'environment-key', id: keyFingerprint },
  ) {}

  /** How the audit log names the caller: `user:<id>`, `api-key:<id>` or `environment-key:<fingerprint>`. */
  get actor(): string {
    return `${this.identity.kind}:${this.identity.id}`;
  }

  has(permission: Permission): boolean {
    return this.permissions.has(permission);
  }

  /** Throws PermissionDeniedException (403) unless the caller's credentials grant the permission. */
  require(permission: Permission): void {
    if (!this.has(permission)) throw new PermissionDeniedException(permission, this.keyFingerprint, this.grantedBy.get(permission), this.identity);
  }
}

const CALLER = Symbol('atlas:apiKeyCaller');

interface RequestWithCaller {
  [CALLER]?: ApiKeyCaller;
}

export function attachCaller(request: object, caller: ApiKeyCaller): void {
  (request as RequestWithCaller)[CALLER] = caller;
}

/** The caller the guard identified; throws when the guard did not run (a @Public endpoint has no caller). */
export function callerOf(request: object): ApiKeyCaller {
  const caller = (request as RequestWithCaller)[CALLER];
  if (!caller) throw new Error('No API key caller on this request: is the endpoint @Public() or the ApiKeyGuard not registered?');
  return caller;
}

/** Handler parameter: the ApiKeyCaller of the request. */
export const Caller = createParamDecorator((_data: unknown, context: ExecutionContext): ApiKeyCaller => callerOf(context.switchToHttp().getRequest<object>()));
