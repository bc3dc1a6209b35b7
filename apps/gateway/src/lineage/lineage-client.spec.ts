import { HttpException } from '@nestjs/common';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { GatewayEnvironment } from '../gateway-environment';
import { LineageClient } from './lineage-client';

const RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';
const SERVICE_KEY = 'gateway-service-key-000000000001';

describe('LineageClient', () => {
  let server: Server;
  let origin: string;
  let received: Array<Pick<IncomingMessage, 'url' | 'method'> & { authorization?: string }>;
  let answer: { status: number; body: string };

  beforeAll(async () => {
    server = createServer((request, response) => {
      received.push({ url: request.url, method: request.method, authorization: request.headers.authorization });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolveClose) => server.close(resolveClose)));

  beforeEach(() => {
    received = [];
    answer = { status: 200, body: JSON.stringify({ runId: RUN_ID, events: [{ eventType: 'COMPLETE' }] }) };
  });

  const client = (lineageUrl = origin) => new LineageClient(Object.assign(new GatewayEnvironment(), { LINEAGE_URL: lineageUrl, ATLAS_API_KEYS: [SERVICE_KEY, 'another-key-000000000000000'] }));

  async function failureOf(attempt: Promise<unknown>): Promise<[number, unknown]> {
    try {
      await attempt;
    } catch (error) {
      return [(error as HttpException).getStatus(), ((error as HttpException).getResponse() as { code: string }).code];
    }
    throw new Error('expected a failure');
  }

  it("asks the lineage service with the gateway's own credential and returns its answer", async () => {
    expect(await client().eventsOfRun(RUN_ID, 50)).toEqual({ runId: RUN_ID, events: [{ eventType: 'COMPLETE' }] });
    expect(received).toEqual([{ url: `/api/v1/lineage/runs/${RUN_ID}/events?limit=50`, method: 'GET', authorization: `Bearer ${SERVICE_KEY}` }]);
  });

  it('answers 503 dependency_unavailable when the service fails or cannot be reached', async () => {
    answer = { status: 503, body: '{}' };
    expect(await failureOf(client().eventsOfRun(RUN_ID, 1))).toEqual([503, 'dependency_unavailable']);
    expect(await failureOf(client('http://127.0.0.1:1').eventsOfRun(RUN_ID, 1))).toEqual([503, 'dependency_unavailable']);
  });

  it('answers 502 upstream_refused when the service refuses the gateway (a credential mismatch)', async () => {
    answer = { status: 401, body: JSON.stringify({ message: 'The API key is not valid' }) };
    expect(await failureOf(client().eventsOfRun(RUN_ID, 1))).toEqual([502, 'upstream_refused']);
  });
});
