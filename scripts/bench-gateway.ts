/**
 * Gateway HTTP throughput and latency (autocannon) against a running stack:
 *  - ingest: POST /api/v1/sources/{source}/records with a batch of generated people (id, name, email,
 *    phone, city, notes, signup_date; about 250 bytes each as JSON), each push a new ingestion run;
 *  - a typical read: GET /api/v1/runs/{runId} of one of those runs (a primary-key look-up).
 * Reports requests/s and p50/p99 latency of each. The gateway limits every caller to
 * RATE_LIMIT_PER_MINUTE requests (1,200 by default): start the stack with a higher limit, e.g.
 *   RATE_LIMIT_PER_MINUTE=1000000 ./atlas up
 *   npm run bench:gateway -- --api-key "$(cat .atlas/api-key)" [--gateway http://127.0.0.1:3000]
 *        [--duration 10] [--connections 10] [--batch 10] [--warmup 5]
 * A 429 (or any other non-2xx answer) makes the run fail rather than report a meaningless figure.
 */
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { generatePeople } from './people-dataset';

const SOURCE = 'bench-gateway';

interface Measured {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  requests: number;
}

async function measure(name: string, options: { url: string; method: string; headers: Record<string, string>; body?: string; duration: number; connections: number }): Promise<Measured> {
  const result = await autocannon({ ...options, timeout: 30 });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    const statuses = Object.entries(result.statusCodeStats).map(([status, stats]) => `${status}×${stats.count}`).join(', ');
    const hint = result.statusCodeStats['429'] ? ' (rate limited: start the stack with RATE_LIMIT_PER_MINUTE raised, see the header of this script)' : '';
    throw new Error(`${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts [${statuses}]${hint}`);
  }
  return { requestsPerSecond: Math.round(result.requests.average), latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max }, requests: result.requests.total };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-key': { type: 'string' },
      gateway: { type: 'string', default: 'http://127.0.0.1:3000' },
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      batch: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '5' },
    },
  });
  const apiKey = values['api-key'] ?? process.env.ATLAS_API_KEY;
  if (!apiKey) throw new Error('pass --api-key or set ATLAS_API_KEY (a key that may push records and read runs)');
  const gateway = String(values.gateway);
  const [duration, connections, batch, warmup] = [Number(values.duration), Number(values.connections), Number(values.batch), Number(values.warmup)];
  const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
  const body = JSON.stringify(generatePeople(batch, { seed: 11 }));

  // One push names the run the read benchmark looks up (and warms the connection pools).
  const first = await fetch(`${gateway}/api/v1/sources/${SOURCE}/records`, { method: 'POST', headers, body });
  if (first.status !== 202) throw new Error(`the first push was answered ${first.status}: is the stack up (./atlas up) and the key valid?`);
  const { runId } = (await first.json()) as { runId: string };

  // A short unmeasured round first: the JIT, the connection pools and the producer warm up.
  if (warmup > 0) {
    await autocannon({ url: `${gateway}/api/v1/sources/${SOURCE}/records`, method: 'POST', headers, body, duration: warmup, connections });
    await autocannon({ url: `${gateway}/api/v1/runs/${runId}`, method: 'GET', headers: { authorization: headers.authorization }, duration: warmup, connections });
  }
  const loadBefore = loadavg()[0];
  const ingest = await measure('ingest', { url: `${gateway}/api/v1/sources/${SOURCE}/records`, method: 'POST', headers, body, duration, connections });
  const read = await measure('read', { url: `${gateway}/api/v1/runs/${runId}`, method: 'GET', headers: { authorization: headers.authorization }, duration, connections });
  const result = {
    date: new Date().toISOString(),
    connections,
    durationSeconds: duration,
    ingest: { ...ingest, recordsPerRequest: batch, bodyBytes: Buffer.byteLength(body), recordsPerSecond: ingest.requestsPerSecond * batch },
    read: { endpoint: 'GET /api/v1/runs/{runId}', ...read },
    loadAverage1m: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0].toFixed(2)) },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-gateway: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
