import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HeldRecordsHints, HINT_CACHE_MS } from './held-records-hints';
import { InternalServiceClient } from './internal-service-client';
import { InternalServices } from './internal-services';

/** A quality service answering the source-status route from `statuses`, slowly for `slow`. */
describe('HeldRecordsHints', () => {
  let server: Server;
  let hints: HeldRecordsHints;
  const requests: string[] = [];
  const statuses: Record<string, unknown> = {};

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      requests.push(`${request.url} ${request.headers.authorization}`);
      const sourceId = decodeURIComponent(/^\/api\/v1\/contracts\/sources\/([^/]+)$/.exec(request.url ?? '')?.[1] ?? '');
      if (sourceId === 'slow') return void setTimeout(() => response.end('{}'), 3000);
      if (!(sourceId in statuses)) return void response.writeHead(500).end('{"message":"boom"}');
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(statuses[sourceId]));
    });
    await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
    const quality = new InternalServiceClient({
      name: 'quality',
      origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      serviceCredential: 'service-key',
      timeoutMs: 30_000,
      maxResponseBytes: 1_000_000,
    });
    hints = new HeldRecordsHints({ quality } as unknown as InternalServices);
  });

  afterAll(() => server.close());

  beforeEach(() => {
    requests.length = 0;
  });

  it('attaches the activation command to an answer whose source has no active contract', async () => {
    statuses.people = { sourceId: 'people', activeContract: null, heldRecords: 12 };
    expect(await hints.attach({ runId: 'r', sourceId: 'people', accepted: 2 })).toEqual({
      runId: 'r',
      sourceId: 'people',
      accepted: 2,
      held: { reason: 'no_active_contract', heldRecords: 12, command: './atlas contract activate --source people --from-draft', contractDraft: '/api/v1/sources/people/contract-draft' },
    });
    expect(requests).toEqual(['/api/v1/contracts/sources/people Bearer service-key']);
  });

  it('leaves the answer as it is for a governed source, an answer without a source, and when quality fails or is slow', async () => {
    statuses.orders = { sourceId: 'orders', activeContract: { contractId: 'orders-contract', version: '1.0.0', activatedAt: '2026-11-30T10:00:00.000Z' }, heldRecords: 0 };
    expect(await hints.attach({ sourceId: 'orders' })).toEqual({ sourceId: 'orders' });
    expect(await hints.attach({ runId: 'r' })).toEqual({ runId: 'r' });
    expect(await hints.attach({ sourceId: 'unknown-to-quality' })).toEqual({ sourceId: 'unknown-to-quality' });
    const started = Date.now();
    expect(await hints.attach({ sourceId: 'slow' })).toEqual({ sourceId: 'slow' });
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('reuses an answer for HINT_CACHE_MS, then asks again', async () => {
    statuses.cached = { sourceId: 'cached', activeContract: null, heldRecords: 1 };
    expect((await hints.forSource('cached'))?.heldRecords).toBe(1);
    statuses.cached = { sourceId: 'cached', activeContract: null, heldRecords: 5 };
    expect((await hints.forSource('cached'))?.heldRecords).toBe(1);
    await new Promise((resolveWait) => setTimeout(resolveWait, HINT_CACHE_MS + 50));
    expect((await hints.forSource('cached'))?.heldRecords).toBe(5);
    expect(requests).toHaveLength(2);
  });
});
