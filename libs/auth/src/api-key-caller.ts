import { createParamDecorator, ExecutionContext, ForbiddenException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Permission } from './permission.decorator';

/** Identifies a key in audit rows and logs without revealing it: the first 16 hex characters of its sha256. */
export function apiKeyFingerprint(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
}

/** 403 for a valid API key without the permission an endpoint needs; names the permission and where keys get it. */
export class PermissionDeniedException extends ForbiddenException {
  constructor(
    readonly permission: Permission,
    /** The caller's key fingerprint, so an audited endpoint can record the refusal. */
    readonly keyFingerprint: string,
    grantedBy: string | undefined,
  ) {
    const where = grantedBy ? `a key from ${grantedBy} is required` : 'no key of this service grants it';
    super({ statusCode: 403, error: 'Forbidden', code: 'permission_denied', permission, message: `This API key lacks the permission ${permission}; ${where}` });
  }
}

/** Who called: known once the ApiKeyGuard accepted the request's key. Holds a fingerprint, never the key. */
export class ApiKeyCaller {
  constructor(
    readonly keyFingerprint: string,
    private readonly permissions: ReadonlySet<Permission>,
    /** Permission → the variable listing the keys that grant it (for error messages). */
    private readonly grantedBy: ReadonlyMap<Permission, string>,
  ) {}

  has(permission: Permission): boolean {
    return this.permissions.has(permission);
  }

  /** Throws PermissionDeniedException (403) unless the caller's key grants the permission. */
  require(permission: Permission): void {
    if (!this.has(permission)) throw new PermissionDeniedException(permission, this.keyFingerprint, this.grantedBy.get(permission));
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
