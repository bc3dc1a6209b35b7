import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ThrottlerOptions } from '@nestjs/throttler';
import { apiKeyFingerprint } from '@atlas/auth';
import { GatewayEnvironment } from './gateway-environment';
import { AuthController } from './identity/auth.controller';
import { callerTracker, rateLimits } from './rate-limits';

describe('rate limits', () => {
  it('count a request against its credential (a fingerprint), or its address without one', () => {
    expect(callerTracker({ ip: '10.0.0.7', headers: { authorization: 'Bearer secret-credential-000000' } })).toBe(`credential:${apiKeyFingerprint('secret-credential-000000')}`);
    expect(callerTracker({ ip: '10.0.0.7', headers: { 'x-api-key': 'secret-credential-000000' } })).toBe(`credential:${apiKeyFingerprint('secret-credential-000000')}`);
    expect(callerTracker({ ip: '10.0.0.7', headers: {} })).toBe('address:10.0.0.7');
  });

  it('take the limits from the environment, the login limit per address and on login only', () => {
    const environment = Object.assign(new GatewayEnvironment(), { RATE_LIMIT_PER_MINUTE: 100, LOGIN_RATE_LIMIT_PER_MINUTE: 5 });
    const { throttlers } = rateLimits(environment) as { throttlers: ThrottlerOptions[] };
    expect(throttlers.map(({ name, ttl, limit }) => ({ name, ttl, limit }))).toEqual([
      { name: 'default', ttl: 60000, limit: 100 },
      { name: 'login', ttl: 60000, limit: 5 },
    ]);
    const login = throttlers[1];
    const context = (handler: (...args: never[]) => unknown) => new ExecutionContextHost([], AuthController, handler);
    expect(login.skipIf!(context(AuthController.prototype.login))).toBe(false);
    expect(login.skipIf!(context(AuthController.prototype.refresh))).toBe(true);
    expect(login.getTracker!({ ip: '10.0.0.7', headers: { authorization: 'Bearer x' } }, context(AuthController.prototype.login))).toBe('address:10.0.0.7');
  });
});
