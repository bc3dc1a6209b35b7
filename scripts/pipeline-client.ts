import { Pool } from 'pg';
import { parseArgs } from 'node:util';

/** Shared by the demo and the benchmark: push records through the gateway and follow them. */
export interface ClientOptions {
  gatewayUrl: string;
  piiUrl: string;
  apiKey: string;
  databaseUrl: string;
}

export function clientOptionsFromArguments(extra: Record<string, { type: 'string'; default: string }> = {}) {
  const { values } = parseArgs({
    options: {
      'api-key': { type: 'string' },
      gateway: { type: 'string', default: 'http://127.0.0.1:3000' },
      pii: { type: 'string', default: 'http://127.0.0.1:3002' },
      ...extra,
    },
  });
  const apiKey = values['api-key'] ?? process.env.ATLAS_API_KEY;
  if (!apiKey) throw new Error('pass --api-key or set ATLAS_API_KEY');
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must name the Atlas database');
  const options: ClientOptions = {
    gatewayUrl: String(values.gateway),
    piiUrl: String(values.pii),
    apiKey,
    databaseUrl: process.env.DATABASE_URL,
  };
  return { options, values: values as Record<string, string | undefined> };
}

export interface PushResult {
  runId: string;
  accepted: number;
  traceId?: string;
}

export async function pushRecords(options: ClientOptions, sourceId: string, records: object[], idempotencyKey: string): Promise<PushResult> {
  const response = await fetch(`${options.gatewayUrl}/api/v1/sources/${sourceId}/records`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}`, 'idempotency-key': idempotencyKey },
    body: JSON.stringify(records),
  });
  if (response.status !== 202) throw new Error(`push failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as PushResult;
}

export interface RunOutcome {
  explored: number;
  navigated: number;
  quarantined: number;
}

export async function runOutcome(database: Pool, runIds: string[]): Promise<RunOutcome> {
  const { rows } = await database.query<{ explored: string; navigated: string; quarantined: string }>(
    `SELECT (SELECT count(*) FROM connector.explore_records WHERE run_id = ANY($1::uuid[])) AS explored,
            (SELECT count(*) FROM connector.navigate_records WHERE run_id = ANY($1::uuid[])) AS navigated,
            (SELECT count(*) FROM quality.quarantined_records WHERE run_id = ANY($1::uuid[]) AND released_at IS NULL) AS quarantined`,
    [runIds],
  );
  return { explored: Number(rows[0].explored), navigated: Number(rows[0].navigated), quarantined: Number(rows[0].quarantined) };
}

/** Waits until every pushed record is either in the Navigate table or in quarantine. */
export async function waitForRuns(database: Pool, runIds: string[], expected: number, timeoutMs: number): Promise<RunOutcome> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const outcome = await runOutcome(database, runIds);
    if (outcome.navigated + outcome.quarantined >= expected) return outcome;
    if (Date.now() > deadline) {
      throw new Error(`timed out: ${outcome.navigated} navigated + ${outcome.quarantined} quarantined of ${expected}`);
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
}

/**
 * Every item of a gateway list, page after page by nextCursor (500 a page, at most `maxPages`), with
 * the options' key; a refusal is thrown with its status (never its body).
 */
export async function readAllPages<T>(options: ClientOptions, path: string, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await fetch(`${options.gatewayUrl}${path}${separator}limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${options.apiKey}` } });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    const body = (await response.json()) as { items: T[]; nextCursor: string | null };
    items.push(...body.items);
    cursor = body.nextCursor;
    if (cursor === null) break;
  }
  return items;
}

/** Through the gateway: the services' own ports accept only the service credential, never a client's key. */
export async function lineageJobsOfRun(options: ClientOptions, runId: string): Promise<Map<string, number>> {
  const events = await readAllPages<{ job: { name: string } }>(options, `/api/v1/lineage/runs/${runId}/events`);
  const jobs = new Map<string, number>();
  for (const event of events) jobs.set(event.job.name, (jobs.get(event.job.name) ?? 0) + 1);
  return jobs;
}

/** A JSON call to the gateway with the options' key; any answer from 300 up is thrown with its status (never its body). */
export function gatewayCaller(options: ClientOptions) {
  const headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };
  return async <T>(method: string, path: string, body?: object): Promise<T> => {
    const response = await fetch(`${options.gatewayUrl}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
}
