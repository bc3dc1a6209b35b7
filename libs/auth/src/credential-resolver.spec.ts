import 'reflect-metadata';
import { Controller, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { BaseEnvironment } from '@atlas/config';
import { ApiKeyCaller, callerOf, PermissionDeniedException } from './api-key-caller';
import { ApiKeyGuard, CREDENTIAL_RESOLVER, CredentialResolver } from './api-key.guard';
import { RequirePermission } from './permission.decorator';
import { permissionsOf } from './permissions';

const ENVIRONMENT_KEY = 'environment-api-key-0000000001';
const USER_TOKEN = 'token-of-a-viewer';
const EXPIRED_TOKEN = 'token-expired';

@Controller()
class UsersController {
  @RequirePermission('users:manage')
  create(): void {}

  @RequirePermission('runs:read')
  runs(): void {}

  @RequirePermission('records:push')
  push(): void {}

  open(): void {}
}

/** Knows one viewer's token and one expired token, as the gateway's resolver would. */
class ViewerResolver implements CredentialResolver {
  readonly presented: string[] = [];

  async resolve(presented: string): Promise<ApiKeyCaller | undefined> {
    this.presented.push(presented);
    if (presented === EXPIRED_TOKEN) throw new UnauthorizedException({ statusCode: 401, code: 'token_expired', message: 'The access token has expired; refresh it' });
    if (presented !== USER_TOKEN) return undefined;
    return new ApiKeyCaller('user:7', permissionsOf('viewer', false), new Map(), { kind: 'user', id: '7', role: 'viewer' });
  }
}

function context(handler: keyof UsersController, credential?: string, request: object = { headers: credential ? { authorization: `Bearer ${credential}` } : {} }) {
  const host = new ExecutionContextHost([request, {}, () => undefined], UsersController, UsersController.prototype[handler]);
  host.setType('http');
  return host;
}

async function guardWith(resolver?: CredentialResolver): Promise<ApiKeyGuard> {
  const environment = Object.assign(new BaseEnvironment(), { ATLAS_SERVICE_API_KEYS: [ENVIRONMENT_KEY] });
  const providers = [ApiKeyGuard, Reflector, { provide: BaseEnvironment, useValue: environment }];
  const moduleRef = await Test.createTestingModule({ providers: resolver ? [...providers, { provide: CREDENTIAL_RESOLVER, useValue: resolver }] : providers }).compile();
  return moduleRef.get(ApiKeyGuard);
}

async function outcome(guard: ApiKeyGuard, handler: keyof UsersController, credential?: string): Promise<string> {
  try {
    return String(await guard.canActivate(context(handler, credential)));
  } catch (error) {
    const response = (error as UnauthorizedException).getResponse() as { code: string; message: string };
    return `${(error as UnauthorizedException).getStatus()} ${response.code}: ${response.message}`;
  }
}

describe('ApiKeyGuard with a CredentialResolver', () => {
  it('asks the resolver only about credentials the environment does not list', async () => {
    const resolver = new ViewerResolver();
    const guard = await guardWith(resolver);
    expect(guard.canActivate(context('runs', ENVIRONMENT_KEY))).toBe(true);
    expect(await outcome(guard, 'runs', USER_TOKEN)).toBe('true');
    expect(resolver.presented).toEqual([USER_TOKEN]);
  });

  it('decides a resolved caller by its permissions, naming its role and the roles that would do', async () => {
    const guard = await guardWith(new ViewerResolver());
    expect(await outcome(guard, 'open', USER_TOKEN)).toBe('true');
    expect(await outcome(guard, 'create', USER_TOKEN)).toBe('403 permission_denied: This user (role viewer) lacks the permission users:manage; roles granting it: admin');
    expect(await outcome(guard, 'push', USER_TOKEN)).toBe(
      '403 permission_denied: This user (role viewer) lacks the permission records:push; roles granting it: admin, engineer, producer',
    );
  });

  it('keeps the ordinary permissions of an environment key and refuses it what only roles grant', async () => {
    const guard = await guardWith(new ViewerResolver());
    expect(await outcome(guard, 'push', ENVIRONMENT_KEY)).toBe('true');
    expect(await outcome(guard, 'create', ENVIRONMENT_KEY)).toBe('403 permission_denied: This API key lacks the permission users:manage; no key of this service grants it');
  });

  it('passes on the refusal of a resolver that knows the credential is unusable, and 401s what nobody knows', async () => {
    const guard = await guardWith(new ViewerResolver());
    expect(await outcome(guard, 'open', EXPIRED_TOKEN)).toBe('401 token_expired: The access token has expired; refresh it');
    expect(await outcome(guard, 'open', 'nobody-knows-this-credential')).toBe('401 api_key_invalid: The API key is not valid');
    expect(await outcome(guard, 'open')).toBe('401 api_key_missing: An API key is required (Authorization: Bearer <key> or X-API-Key)');
  });

  it('attaches the resolved caller, whose actor names the user', async () => {
    const guard = await guardWith(new ViewerResolver());
    const request = { headers: { authorization: `Bearer ${USER_TOKEN}` } };
    await guard.canActivate(context('runs', undefined, request));
    expect(callerOf(request).actor).toBe('user:7');
    expect(callerOf(request).identity).toEqual({ kind: 'user', id: '7', role: 'viewer' });
  });

  it('refuses an unknown credential synchronously when the service has no resolver', async () => {
    const guard = await guardWith();
    expect(() => guard.canActivate(context('open', USER_TOKEN))).toThrow('The API key is not valid');
  });

  it('says "This API key" for keys created through the API, and how pii:reveal is granted', () => {
    const caller = new ApiKeyCaller('abc', permissionsOf('admin', false), new Map(), { kind: 'api-key', id: 'k1', role: 'admin' });
    expect(caller.actor).toBe('api-key:k1');
    expect(() => caller.require('pii:reveal')).toThrow(new PermissionDeniedException('pii:reveal', 'abc', undefined, { kind: 'api-key', id: 'k1', role: 'admin' }));
    let denied: PermissionDeniedException | undefined;
    try {
      caller.require('pii:reveal');
    } catch (error) {
      denied = error as PermissionDeniedException;
    }
    expect(denied?.message).toBe('This API key (role admin) lacks the permission pii:reveal; it is granted explicitly, never by a role');
    expect(denied?.keyFingerprint).toBe('abc');
  });
});
