import { HttpException } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { GatewayEnvironment } from '../gateway-environment';
import { InternalServicesClient } from './internal-services.client';

const SERVICE_KEY = 'gateway-service-key-000000000001';

describe('InternalServicesClient', () => {
  let server: Server;
  let origin: string;
  let received: Array<{ url?: string; method?: string; authorization?: string; body: string }>;
  let answer: { status: number; body: string };

  beforeAll(async () => {
    server = createServer((incoming, outgoing) => {
      let body = '';
      incoming.on('data', (chunk) => (body += chunk));
      incoming.on('end', () => {
        received.push({ url: incoming.url, method: incoming.method, authorization: incoming.headers.authorization, body });
        outgoing.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolveClose) => server.close(resolveClose)));

  beforeEach(() => {
    received = [];
    answer = { status: 200, body: JSON.stringify({ deleted: 3 }) };
  });

  const client = (connectorUrl = origin) =>
    new InternalServicesClient(Object.assign(new GatewayEnvironment(), { CONNECTOR_URL: connectorUrl, QUALITY_URL: origin, PII_DETECTION_URL: origin, ATLAS_API_KEYS: [SERVICE_KEY, 'another-key-000000000000000'] }));

  async function failureOf(attempt: Promise<unknown>): Promise<[number, string, string]> {
    try {
      await attempt;
    } catch (error) {
      const response = (error as HttpException).getResponse() as { code: string; message: string };
      return [(error as HttpException).getStatus(), response.code, response.message];
    }
    throw new Error('expected a failure');
  }

  it("posts to the service's internal route with the gateway's own credential", async () => {
    const recordIds = ['00000000-0000-4000-8000-000000000001'];
    expect(await client().eraseRecords('connector', { layer: 'explore', recordIds })).toEqual({ deleted: 3 });
    expect(received).toEqual([{ url: '/internal/v1/subjects/records/erase', method: 'POST', authorization: `Bearer ${SERVICE_KEY}`, body: JSON.stringify({ layer: 'explore', recordIds }) }]);
  });

  it('answers 503 dependency_unavailable naming the service when it fails or cannot be reached, 502 when it refuses', async () => {
    answer = { status: 500, body: '{}' };
    expect(await failureOf(client().shredTokens([`tok_${'a'.repeat(26)}`]))).toEqual([503, 'dependency_unavailable', 'The pii-detection service is unavailable; retry later']);
    expect(await failureOf(client('http://127.0.0.1:1').eraseRecords('connector', { layer: 'explore', recordIds: [] }))).toEqual([
      503,
      'dependency_unavailable',
      'The connector service is unavailable; retry later',
    ]);
    answer = { status: 401, body: '{}' };
    expect(await failureOf(client().searchRecords('quality', { match: { contains: [], containsIgnoringCase: [], recordIds: [] }, includePayloads: false }))).toEqual([
      502,
      'upstream_refused',
      "The quality service refused the gateway's request (401)",
    ]);
  });
});
