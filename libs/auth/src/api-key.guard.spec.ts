import 'reflect-metadata';
import { UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { Test } from '@nestjs/testing';
import { BaseEnvironment } from '@atlas/config';
import { ApiKeyGuard, presentedApiKey } from './api-key.guard';
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

type Headers = Record<string, string | string[] | undefined>;

function httpContext(headers: Headers, controller: new () => object = RecordsController, handlerName = 'push'): ExecutionContextHost {
  const handler = (controller.prototype as Record<string, () => void>)[handlerName];
  const context = new ExecutionContextHost([{ headers }, {}, () => undefined], controller, handler);
  context.setType('http');
  return context;
}

describe('ApiKeyGuard', () => {
  let guard: ApiKeyGuard;

  beforeEach(async () => {
    const environment = Object.assign(new BaseEnvironment(), { ATLAS_API_KEYS: [VALID_KEY, SECOND_VALID_KEY] });
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
