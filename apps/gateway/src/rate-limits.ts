import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import { apiKeyFingerprint, presentedApiKey } from '@atlas/auth';
import { GatewayEnvironment } from './gateway-environment';
import { AuthController } from './identity/auth.controller';

interface RequestLike {
  ip?: string;
  path?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Whom a request counts against: its credential (a fingerprint, never the secret), or its address without one. */
export function callerTracker(request: RequestLike): string {
  const credential = presentedApiKey(request);
  return credential ? `credential:${apiKeyFingerprint(credential)}` : `address:${request.ip ?? 'unknown'}`;
}

/** Probes and metrics scrapes are not limited: an orchestrator must always get an answer. */
const UNLIMITED_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);

const isLogin = (context: ExecutionContext) => context.getClass() === AuthController && context.getHandler() === AuthController.prototype.login;

/**
 * Every caller gets RATE_LIMIT_PER_MINUTE requests a minute; logins get LOGIN_RATE_LIMIT_PER_MINUTE
 * per address on top, which bounds password guessing. Counters live in the process (per replica).
 */
export function rateLimits(environment: GatewayEnvironment): ThrottlerModuleOptions {
  return {
    errorMessage: 'Too many requests; retry after the time in the Retry-After header',
    throttlers: [
      // 'default' answers with unsuffixed X-RateLimit-* headers.
      { name: 'default', ttl: 60_000, limit: environment.RATE_LIMIT_PER_MINUTE, getTracker: (request) => callerTracker(request as RequestLike) },
      {
        name: 'login',
        ttl: 60_000,
        limit: environment.LOGIN_RATE_LIMIT_PER_MINUTE,
        getTracker: (request) => `address:${(request as RequestLike).ip ?? 'unknown'}`,
        skipIf: (context) => !isLogin(context),
      },
    ],
  };
}

/** The throttler for HTTP requests only: Kafka consumers have no caller to count. */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    return UNLIMITED_PATHS.has(context.switchToHttp().getRequest<RequestLike>().path ?? '');
  }

  /** The throttler names its header after the limit (Retry-After-login); clients look for the standard one too. */
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(detail.timeToBlockExpire));
    return super.throwThrottlingException(context, detail);
  }
}
