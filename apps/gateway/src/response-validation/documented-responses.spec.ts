import { CallHandler, ExecutionContext, HttpException } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { DocumentedResponses, openApiPathOf } from './documented-responses';
import { ResponseValidationInterceptor } from './response-validation.interceptor';

const DOCUMENT = {
  openapi: '3.1.0',
  info: { title: 'test', version: '1' },
  paths: {
    '/api/v1/runs/{runId}': {
      get: {
        responses: {
          '200': { description: 'a run', content: { 'application/json': { schema: { $ref: '#/components/schemas/Run' } } } },
          '404': { description: 'no such run' },
        },
      },
    },
    '/api/v1/runs': {
      post: { responses: { '202': { description: 'accepted', content: { 'application/json': { schema: { type: 'object', required: ['runId'], properties: { runId: { type: 'string', format: 'uuid' } } } } } } } },
    },
  },
  components: {
    schemas: {
      Run: {
        type: 'object',
        required: ['runId', 'state', 'endedAt'],
        properties: { runId: { type: 'string' }, state: { type: 'string', enum: ['running', 'succeeded'] }, endedAt: { type: ['string', 'null'], format: 'date-time' } },
      },
    },
  },
};

describe('DocumentedResponses', () => {
  const responses = new DocumentedResponses(DOCUMENT);

  it('turns Express route paths into OpenAPI paths', () => {
    expect(openApiPathOf('/api/v1/sources/:sourceId/runs/:runId')).toBe('/api/v1/sources/{sourceId}/runs/{runId}');
  });

  it('accepts an answer of the documented shape, following references into the components', () => {
    expect(responses.check('GET', '/api/v1/runs/:runId', 200, { runId: 'r1', state: 'running', endedAt: null, extra: 1 })).toEqual({ documented: true, mismatches: [] });
    expect(responses.check('POST', '/api/v1/runs', 202, { runId: '0b9e2f4c-1d5a-4c1e-9a8e-3f1f6d2b7c10' })).toEqual({ documented: true, mismatches: [] });
  });

  it('names where an answer breaks its schema (schema paths and keywords, never values)', () => {
    expect(responses.check('GET', '/api/v1/runs/:runId', 200, { runId: 'r1', state: 'lost', endedAt: 'yesterday' })).toEqual({
      documented: true,
      mismatches: [
        { schemaPath: '#/properties/state/enum', keyword: 'enum' },
        { schemaPath: '#/properties/endedAt/format', keyword: 'format' },
      ],
    });
    expect(responses.check('POST', '/api/v1/runs', 202, {})).toEqual({ documented: true, mismatches: [{ schemaPath: '#/required', keyword: 'required' }] });
  });

  it('leaves undocumented answers alone: another status, route or method', () => {
    expect(responses.check('GET', '/api/v1/runs/:runId', 404, { anything: true })).toEqual({ documented: false });
    expect(responses.check('GET', '/api/v1/other', 200, [])).toEqual({ documented: false });
    expect(responses.check('OPTIONS', '/api/v1/runs', 200, [])).toEqual({ documented: false });
  });
});

describe('ResponseValidationInterceptor', () => {
  const interceptor = new ResponseValidationInterceptor(new DocumentedResponses(DOCUMENT));

  function contextFor(method: string, routePath: string | undefined, statusCode: number, contentType?: string): ExecutionContext {
    const request = { method, route: routePath === undefined ? undefined : { path: routePath } };
    const response = { statusCode, getHeader: (name: string) => (name === 'content-type' ? contentType : undefined) };
    return { getType: () => 'http', switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ExecutionContext;
  }
  const answering = (body: unknown): CallHandler => ({ handle: () => of(body) });

  it('passes a documented answer through unchanged, as the handler returned it (dates as Date)', async () => {
    const endedAt = new Date('2026-11-30T10:00:00.000Z');
    const body = { runId: 'r1', state: 'succeeded', endedAt };
    await expect(lastValueFrom(interceptor.intercept(contextFor('GET', '/api/v1/runs/:runId', 200), answering(body)))).resolves.toBe(body);
  });

  it('answers 500 response_invalid instead of an answer that breaks its schema', async () => {
    const failure = await lastValueFrom(interceptor.intercept(contextFor('GET', '/api/v1/runs/:runId', 200), answering({ runId: 7 }))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpException);
    expect((failure as HttpException).getStatus()).toBe(500);
    expect((failure as HttpException).getResponse()).toMatchObject({ code: 'response_invalid' });
  });

  it('lets through what it cannot check: no route (a 404), no body (204), an undocumented status, another content type', async () => {
    await expect(lastValueFrom(interceptor.intercept(contextFor('GET', '/api/v1/runs/:runId', 200, 'application/yaml; charset=utf-8'), answering('runId: r1\n')))).resolves.toBe('runId: r1\n');
    await expect(lastValueFrom(interceptor.intercept(contextFor('GET', undefined, 200), answering({ runId: 7 })))).resolves.toEqual({ runId: 7 });
    await expect(lastValueFrom(interceptor.intercept(contextFor('POST', '/api/v1/runs', 202), answering(undefined)))).resolves.toBeUndefined();
    await expect(lastValueFrom(interceptor.intercept(contextFor('GET', '/api/v1/runs/:runId', 404), answering({ runId: 7 })))).resolves.toEqual({ runId: 7 });
  });
});
