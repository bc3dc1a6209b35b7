/**
 * The demo's HTTP API source: a small API served from the demo process (page-number pagination,
 * an `updated_since` filter) that answers 503 with Retry-After once and a truncated page once, read
 * by the connector through an `http-api` source; then a second, incremental run that reads only the
 * rows added since. Prints the runs, the requests the API saw and where records came from.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { generatePeople } from './people-dataset';
import { ClientOptions } from './pipeline-client';

const PAGE_SIZE = 40;

interface DemoRun {
  runId: string;
  state: string;
  recordsRead?: number;
  recordsPublished?: number;
  error?: string | null;
  checkpoint?: { state?: Record<string, unknown> } | null;
}

export async function showHttpSource(database: Pool, options: ClientOptions): Promise<void> {
  const people = generatePeople(100, { seed: 11, firstId: 200000 }).map((person, index) => ({ ...person, updated_at: new Date(Date.UTC(2026, 10, 1, 0, 0, index)).toISOString() }));
  const log: string[] = [];
  const faulted = new Set<string>();
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const page = Number(url.searchParams.get('page') ?? '1');
    const since = url.searchParams.get('updated_since');
    const rows = people.filter((person) => !since || person.updated_at > since).slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const body = JSON.stringify({ data: rows });
    const fault = !faulted.has(`${since}:${page}`) && !since ? (page === 2 ? '503' : page === 3 ? 'cut' : undefined) : undefined;
    faulted.add(`${since}:${page}`);
    if (fault === '503') {
      log.push(`page=${page} → 503, Retry-After: 1`);
      response.writeHead(503, { 'retry-after': '1' }).end();
    } else if (fault === 'cut') {
      log.push(`page=${page} → 200 cut off half-way`);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }).write(body.slice(0, body.length / 2));
      setTimeout(() => response.socket?.destroy(), 20);
    } else {
      log.push(`page=${page}${since ? ` updated_since=${since}` : ''} → 200, ${rows.length} records`);
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const sourceId = `demo-api-${Date.now()}`;
    const config = {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      path: '/v1/customers',
      recordsPath: '$.data',
      pagination: { type: 'page-number', pageParameter: 'page', pageSizeParameter: 'per_page', pageSize: PAGE_SIZE },
      incremental: { cursorPath: '$.updated_at', cursorType: 'date', parameter: 'updated_since' },
      retry: { maxAttempts: 4, initialDelayMs: 200, maxDelayMs: 5000 },
    };
    console.log(`\nAn HTTP API through the connector (source type http-api: page-number pagination, incremental by updated_at; the API fails on purpose):`);
    const created = await call('POST', '/api/v1/sources', options, { sourceId, type: 'http-api', config });
    if (created.status !== 201) return console.log(`  creating the source answered ${created.status}`);
    const first = await runToEnd(sourceId, options);
    console.log(`  run 1 ${first.state}: ${first.recordsRead} read, ${first.recordsPublished} published${first.error ? ` (${first.error})` : ''}`);
    console.log(`  the API saw: ${log.join('; ')}`);
    const sample = await database.query('SELECT source_location FROM connector.explore_records WHERE source_id = $1 ORDER BY position_index LIMIT 2 OFFSET 40', [sourceId]);
    console.log(`  Explore rows carry their page and index: ${sample.rows.map((row) => row.source_location).join(', ') || '(still arriving)'}`);
    people.push(...generatePeople(5, { seed: 12, firstId: 300000 }).map((person, index) => ({ ...person, updated_at: new Date(Date.UTC(2026, 10, 2, 0, 0, index)).toISOString() })));
    log.length = 0;
    const second = await runToEnd(sourceId, options);
    console.log(`  run 2 (5 rows added meanwhile) ${second.state}: ${second.recordsRead} read; asked ${log.join('; ')}; state now ${JSON.stringify(second.checkpoint?.state ?? null)}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

async function call(method: string, path: string, options: ClientOptions, body?: unknown): Promise<{ status: number; body: unknown }> {
  // Through the gateway, as every client: the connector's own port takes only the service credential.
  const response = await fetch(`${options.gatewayUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

async function runToEnd(sourceId: string, options: ClientOptions): Promise<DemoRun> {
  let run = (await call('POST', `/api/v1/sources/${sourceId}/runs`, options)).body as DemoRun;
  for (let attempt = 0; attempt < 120 && run?.runId && (run.state === 'queued' || run.state === 'running'); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    run = (await call('GET', `/api/v1/source-runs/${run.runId}`, options)).body as DemoRun;
  }
  return run;
}
