import { HttpException } from '@nestjs/common';
import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { InternalServiceClient, InternalServiceSettings, queryString, servicePath } from './internal-service-client';

const SERVICE_KEY = 'gateway-service-key-000000000001';
const ADMIN_KEY = 'pii-admin-key-00000000000000001';
const REVEAL_KEY = 'pii-reveal-key-0000000000000001';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';

interface Received {
  method?: string;
  url?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('InternalServiceClient', () => {
  let server: Server;
  let origin: string;
  let received: Received[];
  let answer: (response: ServerResponse, request: Received) => void;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.once('aborted', () => requestAborted?.());
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        chunkArrived?.();
      });
      request.on('end', () => {
        const entry = { method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        received.push(entry);
        answer(response, entry);
      });
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolveClose) => server.close(resolveClose)));

  let chunkArrived: (() => void) | undefined;
  let requestAborted: (() => void) | undefined;
  beforeEach(() => {
    received = [];
    chunkArrived = undefined;
    requestAborted = undefined;
    answer = (response) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [1, 2] }));
  });

  const json = (status: number, body: unknown) => (response: ServerResponse) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  function client(overrides: Partial<InternalServiceSettings> = {}): InternalServiceClient {
    return new InternalServiceClient({
      name: 'quality',
      origin,
      serviceCredential: SERVICE_KEY,
      adminCredential: { key: ADMIN_KEY, variable: 'PII_ADMIN_API_KEYS' },
      timeoutMs: 2000,
      maxResponseBytes: 1024,
      ...overrides,
    });
  }

  /** The gateway error a call ends with: status and response body. */
  async function failureOf(attempt: Promise<unknown>): Promise<[number, unknown]> {
    try {
      await attempt;
    } catch (error) {
      if (error instanceof HttpException) return [error.getStatus(), error.getResponse()];
      throw error;
    }
    throw new Error('expected a failure');
  }

  it("calls with the gateway's service credential, never anything of the caller, and relays status and JSON body", async () => {
    expect(await client().call({ path: '/api/v1/contracts?limit=5' })).toEqual({ status: 200, body: { items: [1, 2] } });
    expect(received).toEqual([{ method: 'GET', url: '/api/v1/contracts?limit=5', body: '', headers: expect.objectContaining({ authorization: `Bearer ${SERVICE_KEY}`, accept: 'application/json' }) }]);
  });

  it('posts a JSON body and relays the status the service chose (201)', async () => {
    answer = json(201, { contractId: 'c', version: '1' });
    expect(await client().call({ method: 'POST', path: '/api/v1/contracts', body: { id: 'c' } })).toEqual({ status: 201, body: { contractId: 'c', version: '1' } });
    expect(received[0]).toMatchObject({ method: 'POST', body: '{"id":"c"}', headers: { 'content-type': 'application/json' } });
  });

  it("uses the service's admin credential when asked, and refuses without calling when none is configured", async () => {
    await client().call({ method: 'PUT', path: '/api/v1/policies/p', body: {}, asAdmin: true });
    expect(received[0].headers.authorization).toBe(`Bearer ${ADMIN_KEY}`);
    expect(await failureOf(client({ adminCredential: { key: undefined, variable: 'PII_ADMIN_API_KEYS' } }).call({ path: '/x', asAdmin: true }))).toEqual([
      503,
      { statusCode: 503, error: 'Service Unavailable', code: 'dependency_not_configured', message: 'The gateway has no credential for this call to the quality service (PII_ADMIN_API_KEYS is empty)' },
    ]);
    expect(received).toHaveLength(1);
  });

  it("uses the service's reveal credential when asked, and refuses without calling when none is configured", async () => {
    await client({ revealCredential: { key: REVEAL_KEY, variable: 'PII_DETOKENIZE_API_KEYS' } }).call({ method: 'POST', path: '/api/v1/vault/detokenize', body: {}, asRevealer: true });
    expect(received[0].headers.authorization).toBe(`Bearer ${REVEAL_KEY}`);
    expect(await failureOf(client().call({ path: '/x', asRevealer: true }))).toEqual([
      503,
      { statusCode: 503, error: 'Service Unavailable', code: 'dependency_not_configured', message: 'The gateway has no credential for this call to the quality service (a reveal credential is empty)' },
    ]);
    expect(received).toHaveLength(1);
  });

  it('propagates the trace context of the request (W3C traceparent)', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    try {
      const active = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
      await context.with(active, () => client().call({ path: '/traced' }));
      expect(received[0].headers.traceparent).toBe(`00-${TRACE_ID}-${SPAN_ID}-01`);
    } finally {
      propagation.disable();
      context.disable();
    }
  });

  it.each([
    [
      'a validation refusal: status, messages',
      400,
      { statusCode: 400, error: 'Bad Request', message: ['sourceId must be a source id'] },
      { statusCode: 400, error: 'Bad Request', message: ['sourceId must be a source id'] },
    ],
    [
      "a refusal with a code and listed problems; anything else of the body (a quoted value) is dropped",
      400,
      { statusCode: 400, error: 'Bad Request', code: 'contract_invalid', message: 'The contract is not valid ODCS v3.1', problems: [{ path: '/id', message: 'is required', value: 'secret' }], value: 'secret' },
      { statusCode: 400, error: 'Bad Request', code: 'contract_invalid', message: 'The contract is not valid ODCS v3.1', problems: [{ path: '/id', message: 'is required' }] },
    ],
    ['a missing resource', 404, { statusCode: 404, error: 'Not Found', message: 'No run 1' }, { statusCode: 404, error: 'Not Found', message: 'No run 1' }],
    [
      'a conflict with its code',
      409,
      { statusCode: 409, error: 'Conflict', code: 'quarantined_record_not_replayable', message: 'not replayable' },
      { statusCode: 409, error: 'Conflict', code: 'quarantined_record_not_replayable', message: 'not replayable' },
    ],
    ['a file too large', 413, { statusCode: 413, error: 'Payload Too Large', message: 'The file is larger than 4096 bytes' }, { statusCode: 413, error: 'Payload Too Large', message: 'The file is larger than 4096 bytes' }],
    ["Presidio's error shape", 400, { error: 'language "xx" is not supported' }, { statusCode: 400, error: 'Bad Request', message: 'language "xx" is not supported' }],
    ['a code that is not a plain token, and no message', 422, { code: 'Not A Code <script>' }, { statusCode: 422, error: 'Unprocessable Entity', message: 'The quality service refused the request (422)' }],
    ['the credential refused: the gateway’s fault', 401, { message: 'The API key is not valid' }, { statusCode: 502, error: 'Bad Gateway', code: 'upstream_refused', message: "The quality service refused the gateway's credential (401)" }],
    ['a permission refused: the gateway’s fault', 403, { code: 'permission_denied' }, { statusCode: 502, error: 'Bad Gateway', code: 'upstream_refused', message: "The quality service refused the gateway's credential (403)" }],
    ['an overloaded service', 429, {}, { statusCode: 503, error: 'Service Unavailable', code: 'dependency_unavailable', message: 'The quality service is unavailable; retry later' }],
    ['an unavailable service', 503, { message: 'database down at 10.0.0.5' }, { statusCode: 503, error: 'Service Unavailable', code: 'dependency_unavailable', message: 'The quality service is unavailable; retry later' }],
    ['a failing service', 500, { message: 'TypeError at line 4' }, { statusCode: 502, error: 'Bad Gateway', code: 'upstream_failed', message: 'The quality service failed (500)' }],
  ])('maps %s (%i) to the gateway error', async (_case, status, body, expected) => {
    answer = json(status, body);
    expect(await failureOf(client().call({ path: '/x' }))).toEqual([expected.statusCode, expected]);
  });

  it('does not follow a redirect (502 upstream_failed)', async () => {
    answer = (response) => response.writeHead(302, { location: 'http://elsewhere.test/' }).end();
    expect(await failureOf(client().call({ path: '/x' }))).toEqual([502, { statusCode: 502, error: 'Bad Gateway', code: 'upstream_failed', message: 'The quality service failed (302)' }]);
  });

  it('answers 502 upstream_failed for a 2xx that is not JSON', async () => {
    answer = (response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    expect(await failureOf(client().call({ path: '/x' }))).toEqual([502, { statusCode: 502, error: 'Bad Gateway', code: 'upstream_failed', message: 'The quality service failed (200)' }]);
  });

  it('answers 502 upstream_response_too_large over maxResponseBytes, announced or streamed', async () => {
    const expected = [502, { statusCode: 502, error: 'Bad Gateway', code: 'upstream_response_too_large', message: 'The quality service answered more than INTERNAL_SERVICE_MAX_RESPONSE_BYTES; ask for less (a smaller limit)' }];
    answer = json(200, { padding: 'x'.repeat(2000) });
    expect(await failureOf(client().call({ path: '/announced' }))).toEqual(expected);
    answer = (response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(`{"padding":"${'x'.repeat(600)}`);
      response.end(`${'x'.repeat(600)}"}`);
    };
    expect(await failureOf(client().call({ path: '/chunked' }))).toEqual(expected);
  });

  it('answers 503 dependency_unavailable when the service cannot be reached, 504 upstream_timeout when it does not answer in time', async () => {
    expect(await failureOf(client({ origin: 'http://127.0.0.1:1' }).call({ path: '/x' }))).toEqual([
      503,
      { statusCode: 503, error: 'Service Unavailable', code: 'dependency_unavailable', message: 'The quality service is unavailable; retry later' },
    ]);
    answer = (response) => setTimeout(() => response.writeHead(200).end('{}'), 500);
    expect(await failureOf(client({ timeoutMs: 100 }).call({ path: '/slow' }))).toEqual([
      504,
      { statusCode: 504, error: 'Gateway Timeout', code: 'upstream_timeout', message: 'The quality service did not answer in time (INTERNAL_SERVICE_TIMEOUT_MS)' },
    ]);
  });

  it("waits as long as a request's own timeout says instead of the client's, and names its variable in the 504", async () => {
    answer = (response) => setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"deleted":2}'), 300);
    expect(await client({ timeoutMs: 100 }).call({ method: 'POST', path: '/slow', body: {}, timeout: { ms: 2000, variable: 'SUBJECT_SERVICE_TIMEOUT_MS' } })).toEqual({ status: 200, body: { deleted: 2 } });
    expect(await failureOf(client({ timeoutMs: 2000 }).call({ path: '/slow', timeout: { ms: 100, variable: 'SUBJECT_SERVICE_TIMEOUT_MS' } }))).toEqual([
      504,
      { statusCode: 504, error: 'Gateway Timeout', code: 'upstream_timeout', message: 'The quality service did not answer in time (SUBJECT_SERVICE_TIMEOUT_MS)' },
    ]);
  });

  it('streams an upload: the service has the first chunk before the caller sent the rest', async () => {
    answer = json(202, { bytes: 12 });
    let firstChunkArrived!: () => void;
    const arrived = new Promise<void>((resolveArrived) => (firstChunkArrived = resolveArrived));
    chunkArrived = () => firstChunkArrived();
    async function* file() {
      yield Buffer.from('name\nAda\n');
      // The second chunk exists only once the first has reached the service: nothing was buffered.
      await arrived;
      yield Buffer.from('Bob');
    }
    const result = await client().upload({ path: '/api/v1/sources/people/uploads?name=people.csv', body: Readable.from(file()), contentType: 'application/octet-stream' });
    expect(result).toEqual({ status: 202, body: { bytes: 12 } });
    expect(received[0]).toMatchObject({ method: 'POST', url: '/api/v1/sources/people/uploads?name=people.csv', body: 'name\nAda\nBob', headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/octet-stream' } });
  });

  it('aborts the upstream request when the caller goes away mid-upload (503 to nobody; the service drops its partial file)', async () => {
    const aborted = new Promise<void>((resolveAborted) => (requestAborted = resolveAborted));
    const body = new Readable({ read: () => undefined });
    chunkArrived = () => body.destroy();
    body.push(Buffer.from('name\nAda\n'));
    const failure = await failureOf(client().upload({ path: '/api/v1/sources/people/uploads?name=a.csv', body, contentType: 'application/octet-stream' }));
    await aborted;
    expect(failure).toEqual([503, { statusCode: 503, error: 'Service Unavailable', code: 'dependency_unavailable', message: 'The quality service is unavailable; retry later' }]);
    expect(received).toEqual([]);
  });

  it('encodes every interpolated path part and every query value', () => {
    expect(servicePath`/api/v1/pii/classifications/${'people'}/${'a/../b c'}`).toBe('/api/v1/pii/classifications/people/a%2F..%2Fb%20c');
    expect(queryString({ sourceId: 'a&b=c', limit: 5, cursor: undefined })).toBe('?sourceId=a%26b%3Dc&limit=5');
    expect(queryString({ cursor: undefined })).toBe('');
  });
});
