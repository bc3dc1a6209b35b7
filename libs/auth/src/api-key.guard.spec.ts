import 'reflect-metadata';
import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { AcceptedApiKeys, BaseEnvironment, PermissionKeySet } from '@atlas/config';
import { ApiKeyCaller, apiKeyFingerprint, callerOf, PermissionDeniedException } from './api-key-caller';
import { ApiKeyGuard, presentedApiKey } from './api-key.guard';
import { RequirePermission } from './permission.decorator';
import { Public } from './public.decorator';

const VALID_KEY = 'valid-atlas-api-key-000000001';
const SECOND_VALID_KEY = 'valid-atlas-api-key-000000002';

class RecordsController {
  push(): void {}

  @Public()
  health(): void {}
}

@Public()
class PublicController {
  metrics(): void {}
}

class PoliciesController {
  read(): void {}

  @RequirePermission('pii:admin')
  change(): void {}

  @RequirePermission('pii:reveal')
  detokenize(): void {}

  @Public()
  @RequirePermission('pii:admin')
  probe(): void {}
}

@RequirePermission('pii:reveal')
class RevealController {
  unseal(): void {}
}

type Headers = Record<string, string | string[] | undefined>;

function httpContext(headers: Headers, controller: new () => object = RecordsController, handlerName = 'push', request: object = { headers }): ExecutionContextHost {
  const handler = (controller.prototype as Record<string, () => void>)[handlerName];
  const context = new ExecutionContextHost([request, {}, () => undefined], controller, handler);
  context.setType('http');
  return context;
}

/** An environment that, like the gateway's, accepts client keys of its own rather than its service credential. */
class ClientKeyEnvironment extends BaseEnvironment {
  CLIENT_KEYS: string[] = [];

  override acceptedApiKeys(): AcceptedApiKeys {
    return { variable: 'CLIENT_KEYS', keys: this.CLIENT_KEYS };
  }
}

describe('ApiKeyGuard with client keys other than the service credential', () => {
  it('accepts a client key and refuses the service credential with 401 api_key_invalid', async () => {
    const environment = Object.assign(new ClientKeyEnvironment(), { CLIENT_KEYS: [VALID_KEY], ATLAS_SERVICE_API_KEYS: [SECOND_VALID_KEY] });
    const moduleRef = await Test.createTestingModule({ providers: [ApiKeyGuard, Reflector, { provide: BaseEnvironment, useValue: environment }] }).compile();
    const guard = moduleRef.get(ApiKeyGuard);
    expect(guard.canActivate(httpContext({ authorization: `Bearer ${VALID_KEY}` }))).toBe(true);
    const refusal = (() => {
      try {
        guard.canActivate(httpContext({ 'x-api-key': SECOND_VALID_KEY }));
      } catch (error) {
        return error as UnauthorizedException;
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal).toBeInstanceOf(UnauthorizedException);
    expect(refusal.getResponse()).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'api_key_invalid', message: 'The API key is not valid' });
  });
});

describe('ApiKeyGuard', () => {
  let guard: ApiKeyGuard;

  beforeEach(async () => {
    const environment = Object.assign(new BaseEnvironment(), { ATLAS_SERVICE_API_KEYS: [VALID_KEY, SECOND_VALID_KEY] });
    const moduleRef = await Test.createTestingModule({
      providers: [ApiKeyGuard, Reflector, { provide: BaseEnvironment, useValue: environment }],
    }).compile();
    guard = moduleRef.get(ApiKeyGuard);
  });

  it('lets a request to a @Public() handler through without a key', () => {
    expect(guard.canActivate(httpContext({}, RecordsController, 'health'))).toBe(true);
  });

  it('lets a request to a handler of a @Public() controller through without a key', () => {
    expect(guard.canActivate(httpContext({}, PublicController, 'metrics'))).toBe(true);
  });

  it('refuses a request without a key with 401, saying how to send one', () => {
    const attempt = () => guard.canActivate(httpContext({}));
    expect(attempt).toThrow(UnauthorizedException);
    expect(attempt).toThrow('An API key is required (Authorization: Bearer <key> or X-API-Key)');
  });

  it('refuses a wrong key with 401', () => {
    expect(() => guard.canActivate(httpContext({ authorization: 'Bearer not-the-right-key-00000000' }))).toThrow('The API key is not valid');
    expect(() => guard.canActivate(httpContext({ 'x-api-key': 'not-the-right-key-00000000' }))).toThrow(UnauthorizedException);
  });

  it('refuses a prefix or an extension of a valid key', () => {
    expect(() => guard.canActivate(httpContext({ 'x-api-key': VALID_KEY.slice(0, -1) }))).toThrow('The API key is not valid');
    expect(() => guard.canActivate(httpContext({ 'x-api-key': `${VALID_KEY}0` }))).toThrow('The API key is not valid');
  });

  it('accepts a valid key as a Bearer token', () => {
    expect(guard.canActivate(httpContext({ authorization: `Bearer ${VALID_KEY}` }))).toBe(true);
  });

  it('accepts a valid key in X-API-Key', () => {
    expect(guard.canActivate(httpContext({ 'x-api-key': SECOND_VALID_KEY }))).toBe(true);
  });

  it('refuses an empty Bearer token as missing', () => {
    expect(() => guard.canActivate(httpContext({ authorization: 'Bearer   ' }))).toThrow('An API key is required');
  });

  it('lets non-HTTP contexts through (Kafka consumers have no API key)', () => {
    const context = new ExecutionContextHost([{}], RecordsController, RecordsController.prototype.push);
    context.setType('rpc');
    expect(guard.canActivate(context)).toBe(true);
  });
});

describe('presentedApiKey', () => {
  it('reads a Bearer token and trims it', () => {
    expect(presentedApiKey({ headers: { authorization: `Bearer  ${VALID_KEY} ` } })).toBe(VALID_KEY);
  });

  it('falls back to X-API-Key when Authorization is not a Bearer token', () => {
    expect(presentedApiKey({ headers: { authorization: 'Basic dXNlcjpwYXNz', 'x-api-key': ` ${VALID_KEY}` } })).toBe(VALID_KEY);
  });

  it('prefers the Bearer token when both are sent', () => {
    expect(presentedApiKey({ headers: { authorization: `Bearer ${VALID_KEY}`, 'x-api-key': SECOND_VALID_KEY } })).toBe(VALID_KEY);
  });

  it('ignores a repeated X-API-Key header and returns undefined without a key', () => {
    expect(presentedApiKey({ headers: { 'x-api-key': [VALID_KEY, SECOND_VALID_KEY] } })).toBeUndefined();
    expect(presentedApiKey({ headers: {} })).toBeUndefined();
  });
});

const ADMIN_KEY = 'admin-api-key-0000000000000001';
const REVEAL_KEY = 'reveal-api-key-000000000000001';
const ADMIN_AND_REVEAL_KEY = 'admin-and-reveal-key-00000001';

class PermissionEnvironment extends BaseEnvironment {
  override permissionKeySets(): PermissionKeySet[] {
    return [
      { permission: 'pii:admin', variable: 'PII_ADMIN_API_KEYS', keys: [ADMIN_KEY, ADMIN_AND_REVEAL_KEY] },
      { permission: 'pii:reveal', variable: 'PII_DETOKENIZE_API_KEYS', keys: [REVEAL_KEY, ADMIN_AND_REVEAL_KEY] },
    ];
  }
}

async function permissionGuard(environment: BaseEnvironment = Object.assign(new PermissionEnvironment(), { ATLAS_SERVICE_API_KEYS: [VALID_KEY] })): Promise<ApiKeyGuard> {
  const moduleRef = await Test.createTestingModule({
    providers: [ApiKeyGuard, Reflector, { provide: BaseEnvironment, useValue: environment }],
  }).compile();
  return moduleRef.get(ApiKeyGuard);
}

/** The outcome of one request: 'ok', or the HTTP status and message it is refused with. */
function outcome(guard: ApiKeyGuard, key: string | undefined, controller: new () => object, handler: string): string {
  try {
    guard.canActivate(httpContext(key === undefined ? {} : { 'x-api-key': key }, controller, handler));
    return 'ok';
  } catch (error) {
    if (error instanceof UnauthorizedException || error instanceof ForbiddenException) return `${error.getStatus()} ${error.message}`;
    throw error;
  }
}

describe('ApiKeyGuard permissions', () => {
  const MISSING = '401 An API key is required (Authorization: Bearer <key> or X-API-Key)';
  const INVALID = '401 The API key is not valid';
  const NO_ADMIN = '403 This API key lacks the permission pii:admin; a key from PII_ADMIN_API_KEYS is required';
  const NO_REVEAL = '403 This API key lacks the permission pii:reveal; a key from PII_DETOKENIZE_API_KEYS is required';
  const keys: Record<string, string | undefined> = {
    none: undefined,
    unknown: 'not-a-configured-key-00000000',
    ordinary: VALID_KEY,
    admin: ADMIN_KEY,
    reveal: REVEAL_KEY,
    'admin+reveal': ADMIN_AND_REVEAL_KEY,
  };
  // Endpoint → expected outcome for each key, in the order of `keys`.
  const table: Array<[string, new () => object, string, string[]]> = [
    ['an ordinary endpoint', PoliciesController, 'read', [MISSING, INVALID, 'ok', 'ok', 'ok', 'ok']],
    ['a pii:admin endpoint', PoliciesController, 'change', [MISSING, INVALID, NO_ADMIN, 'ok', NO_ADMIN, 'ok']],
    ['a pii:reveal endpoint', PoliciesController, 'detokenize', [MISSING, INVALID, NO_REVEAL, NO_REVEAL, 'ok', 'ok']],
    ['a controller needing pii:reveal', RevealController, 'unseal', [MISSING, INVALID, NO_REVEAL, NO_REVEAL, 'ok', 'ok']],
    ['a @Public() endpoint (a permission on it is moot)', PoliciesController, 'probe', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']],
  ];

  it.each(table)('decides every key on %s', async (_name, controller, handler, expected) => {
    const guard = await permissionGuard();
    expect(Object.values(keys).map((key) => outcome(guard, key, controller, handler))).toEqual(expected);
  });

  it('refuses with 403 as a PermissionDeniedException carrying the permission, the caller fingerprint and a code', async () => {
    const guard = await permissionGuard();
    let caught: unknown;
    try {
      guard.canActivate(httpContext({ 'x-api-key': VALID_KEY }, PoliciesController, 'change'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PermissionDeniedException);
    const denied = caught as PermissionDeniedException;
    expect(denied.permission).toBe('pii:admin');
    expect(denied.keyFingerprint).toBe(apiKeyFingerprint(VALID_KEY));
    expect(denied.getResponse()).toEqual({ statusCode: 403, error: 'Forbidden', code: 'permission_denied', permission: 'pii:admin', message: NO_ADMIN.slice(4) });
    expect(JSON.stringify(denied.getResponse())).not.toContain(VALID_KEY);
  });

  it('gives missing and unknown keys their own codes', async () => {
    const guard = await permissionGuard();
    const responseOf = (headers: Headers) => {
      try {
        guard.canActivate(httpContext(headers, PoliciesController, 'read'));
      } catch (error) {
        return (error as UnauthorizedException).getResponse();
      }
      throw new Error('expected a refusal');
    };
    expect(responseOf({})).toMatchObject({ statusCode: 401, code: 'api_key_missing' });
    expect(responseOf({ authorization: 'Bearer nope-nope-nope-nope-nope-nope' })).toMatchObject({ statusCode: 401, code: 'api_key_invalid' });
  });

  it('names no variable when no key set of the service grants the permission', async () => {
    const guard = await permissionGuard(Object.assign(new BaseEnvironment(), { ATLAS_SERVICE_API_KEYS: [VALID_KEY] }));
    expect(outcome(guard, VALID_KEY, PoliciesController, 'change')).toBe('403 This API key lacks the permission pii:admin; no key of this service grants it');
    expect(outcome(guard, ADMIN_KEY, PoliciesController, 'change')).toBe(INVALID);
  });

  it('attaches the caller (fingerprint and permissions, never the key) to the request', async () => {
    const guard = await permissionGuard();
    const request = { headers: { authorization: `Bearer ${ADMIN_AND_REVEAL_KEY}` } };
    expect(guard.canActivate(httpContext(request.headers, PoliciesController, 'read', request))).toBe(true);
    const caller = callerOf(request);
    expect(caller).toBeInstanceOf(ApiKeyCaller);
    expect(caller.keyFingerprint).toBe(apiKeyFingerprint(ADMIN_AND_REVEAL_KEY));
    expect([caller.has('pii:admin'), caller.has('pii:reveal')]).toEqual([true, true]);
    expect(JSON.stringify(caller)).not.toContain(ADMIN_AND_REVEAL_KEY);
    expect(() => caller.require('pii:admin')).not.toThrow();
  });

  it('lets an ordinary caller be checked for a permission later (body-dependent rules)', async () => {
    const guard = await permissionGuard();
    const request = { headers: { 'x-api-key': VALID_KEY } };
    guard.canActivate(httpContext(request.headers, PoliciesController, 'read', request));
    expect(callerOf(request).has('pii:admin')).toBe(false);
    expect(() => callerOf(request).require('pii:admin')).toThrow(PermissionDeniedException);
  });

  it('has no caller on a request it did not authenticate', () => {
    expect(() => callerOf({ headers: {} })).toThrow('No API key caller on this request');
  });
});

describe('apiKeyFingerprint', () => {
  it('is the first 16 hex characters of the sha256 of the key', () => {
    expect(apiKeyFingerprint('abc')).toBe('ba7816bf8f01cfea');
  });
});
