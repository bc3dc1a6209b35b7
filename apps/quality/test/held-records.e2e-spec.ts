import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { parse } from 'yaml';
import { PipelineStack, REPOSITORY_ROOT, startPipelineStack, stopPipelineStack, TEST_API_KEY, waitFor } from '@atlas/testing';

const run = promisify(execFile);

// Run A: five shipments, every field present. Run B: one more, and one without its carrier.
const RUN_A = [1, 2, 3, 4, 5].map((id) => ({ shipment_id: id, weight: id % 2 === 0 ? 12.5 : 3, carrier: id % 2 === 0 ? 'UPS' : 'DHL' }));
const RUN_B = [
  { shipment_id: 6, weight: 3, carrier: 'DHL' },
  { shipment_id: 7, weight: 12.5 },
];
const HELD_REASON = { rule: 'contract', code: 'no_active_contract', checkId: 'no_active_contract', message: 'no active data contract for source "shipments": held until one is activated' };

interface QuarantineSummary {
  status: string;
  contractId: string;
  contractVersion: string;
  replayCount: number;
  reasons: Array<{ checkId: string } & Record<string, unknown>>;
}

interface HeldReplay {
  replayId: string;
  sourceId: string;
  state: string;
  heldAtRequest: number;
  heldNow: number;
  judged: number;
  released: number;
  stillQuarantined: number;
  notReplayable: number;
}

describe('held until a contract: a new source without contract is held, its draft activated, the held records land once', () => {
  const directory = mkdtempSync(join(tmpdir(), 'atlas-held-'));
  let stack: PipelineStack;
  let database: Pool;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(4720));
  }, 180000);

  afterAll(async () => {
    await stopPipelineStack({ stack, database });
    rmSync(directory, { recursive: true, force: true });
  });

  async function gateway<T = Record<string, unknown>>(path: string, method = 'GET', body?: unknown): Promise<{ status: number; body: T; text: string; type: string | null }> {
    const response = await fetch(`${stack.services.gateway.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed as T, text, type: response.headers.get('content-type') };
  }

  /** Pushes to shipments: the run id, and the answer's held-records hint (none when a contract governs the source). */
  async function pushWithHint(key: string, records: object[]): Promise<{ runId: string; held?: Record<string, unknown> }> {
    const response = await fetch(`${stack.services.gateway.baseUrl}/api/v1/sources/shipments/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(records),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as { runId: string; held?: Record<string, unknown> };
  }

  async function push(key: string, records: object[]): Promise<string> {
    return (await pushWithHint(key, records)).runId;
  }

  /** The `held` hint of a pushed run, as GET /api/v1/runs/{runId} answers it. */
  async function runHint(runId: string): Promise<unknown> {
    const found = await gateway<{ held?: unknown }>(`/api/v1/runs/${runId}`);
    expect(found.status).toBe(200);
    return found.body.held;
  }
  const HINT = { reason: 'no_active_contract', command: './atlas contract activate --source shipments --from-draft', contractDraft: '/api/v1/sources/shipments/contract-draft' };

  async function heldCount(): Promise<number> {
    const held = await gateway<{ items: Array<{ heldRecords: number }> }>('/api/v1/quarantine/held?sourceId=shipments');
    expect(held.status).toBe(200);
    return held.body.items[0]?.heldRecords ?? 0;
  }

  async function navigated(): Promise<{ jsonb: number[]; typed: number[] }> {
    const jsonb = await database.query<{ id: number }>(`SELECT (payload->>'shipment_id')::int AS id FROM connector.navigate_records WHERE source_id = 'shipments' ORDER BY 1`);
    const table = await database.query(`SELECT to_regclass('navigate_typed."shipments"') AS name`);
    const typed = table.rows[0].name ? (await database.query<{ id: string }>('SELECT shipment_id AS id FROM navigate_typed."shipments" ORDER BY 1')).rows.map((row) => Number(row.id)) : [];
    return { jsonb: jsonb.rows.map((row) => row.id), typed };
  }

  async function contractCli(...command: string[]): Promise<string> {
    const { stdout } = await run(process.execPath, [resolve(REPOSITORY_ROOT, 'dist/scripts/contract.js'), ...command, '--api-key', TEST_API_KEY, '--url', stack.services.gateway.baseUrl], {
      timeout: 120000,
    });
    return stdout;
  }

  const activateWithCli = (file: string) => contractCli('activate', '--source', 'shipments', '--file', file);

  it('holds, proposes, activates, replays once, and keeps the records the contract refuses', async () => {
    const pushedA = await pushWithHint('shipments-a', RUN_A);
    const runA = pushedA.runId;
    // The push answer suggests the command: the source has no active contract.
    expect(pushedA.held).toEqual({ ...HINT, heldRecords: expect.any(Number) });
    await push('shipments-b', RUN_B);

    // 1. Held, with a reason told apart from check failures, and counted per source.
    await waitFor(async () => (await heldCount()) === 7, { timeoutMs: 60000, description: 'seven held records' });
    const listed = await gateway<{ items: QuarantineSummary[] }>('/api/v1/quarantine/records?sourceId=shipments&checkId=no_active_contract&limit=100');
    expect(listed.body.items).toHaveLength(7);
    expect(listed.body.items.map((record) => [record.contractId, record.reasons])).toEqual(Array.from({ length: 7 }, () => ['none', [HELD_REASON]]));
    expect(await navigated()).toEqual({ jsonb: [], typed: [] });
    // The run suggests it too, with the source's held count (answers are reused for 2 s).
    await waitFor(async () => ((await runHint(runA)) as { heldRecords?: number } | undefined)?.heldRecords === 7, { timeoutMs: 10000, description: 'the run hinting at 7 held records' });
    expect(await runHint(runA)).toEqual({ ...HINT, heldRecords: 7 });

    // 2. The draft through the gateway, read off run A's profile: JSON and the same document in YAML, valid ODCS as it is.
    const draft = await gateway(`/api/v1/sources/shipments/contract-draft?runId=${runA}`);
    expect(draft.status).toBe(200);
    expect(draft.body.schema).toEqual([
      {
        name: 'shipments',
        properties: [
          { name: 'carrier', logicalType: 'string', required: true },
          { name: 'shipment_id', logicalType: 'integer', required: true, unique: true, primaryKey: true, primaryKeyPosition: 1 },
          { name: 'weight', logicalType: 'number', required: true },
        ],
      },
    ]);
    expect(draft.body).toMatchObject({ apiVersion: 'v3.1.0', kind: 'DataContract', id: 'shipments-contract', version: '0.1.0', status: 'draft' });
    const yaml = await gateway(`/api/v1/sources/shipments/contract-draft?runId=${runA}&format=yaml`);
    expect(yaml.type).toMatch(/^application\/yaml/);
    expect(parse(yaml.text)).toEqual(draft.body);
    expect((await gateway('/api/v1/contracts/validate', 'POST', draft.body)).body).toMatchObject({ valid: true, problems: [] });

    // 3. One command: store the draft as it is and activate it; the held records are replayed through it.
    const file = join(directory, 'shipments.odcs.yaml');
    writeFileSync(file, yaml.text);
    const output = await activateWithCli(file);
    expect(output).toContain('contract shipments-contract version 0.1.0 stored (the draft read off the profile)');
    expect(output).toContain('activated for shipments; 7 held record(s) of shipments to replay');
    expect(output).toContain('held records replayed: 7/7 judged, 6 released to Navigate, 1 still quarantined');
    const [first] = (await gateway<{ items: HeldReplay[] }>('/api/v1/quarantine/held-replays?sourceId=shipments')).body.items;
    expect(first).toMatchObject({ sourceId: 'shipments', state: 'succeeded', heldAtRequest: 7, heldNow: 0, judged: 7, released: 6, stillQuarantined: 1, notReplayable: 0 });
    expect((await gateway(`/api/v1/quarantine/held-replays/${first.replayId}`)).body).toEqual(first);

    await waitFor(async () => (await navigated()).typed.length === 6, { timeoutMs: 60000, description: 'six shipments in the typed Navigate table' });
    expect(await navigated()).toEqual({ jsonb: [1, 2, 3, 4, 5, 6], typed: [1, 2, 3, 4, 5, 6] });
    // Governed now: the run no longer suggests anything.
    await waitFor(async () => (await runHint(runA)) === undefined, { timeoutMs: 10000, description: 'the hint gone once a contract governs the source' });

    // 4. The one the contract refuses stays quarantined with its real reason, no longer held.
    expect(await heldCount()).toBe(0);
    const refused = await gateway<{ items: QuarantineSummary[] }>('/api/v1/quarantine/records?sourceId=shipments');
    expect(refused.body.items).toHaveLength(1);
    expect(refused.body.items[0]).toMatchObject({ status: 'quarantined', contractId: 'shipments-contract', contractVersion: '0.1.0', replayCount: 1 });
    expect(refused.body.items[0].reasons.map((reason) => reason.checkId)).toEqual(['shipments.carrier.not_null']);

    // 5. Activating again replays nothing twice.
    const again = await activateWithCli(file);
    expect(again).toContain('contract shipments-contract version 0.1.0 already stored');
    expect(again).toContain('held records replayed: 0/0 judged, 0 released to Navigate, 0 still quarantined');
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 3000));
    expect(await navigated()).toEqual({ jsonb: [1, 2, 3, 4, 5, 6], typed: [1, 2, 3, 4, 5, 6] });
    const { rows } = await database.query<{ released: number; kept: number }>(
      `SELECT count(*) FILTER (WHERE released_at IS NOT NULL)::int AS released, count(*) FILTER (WHERE released_at IS NULL)::int AS kept FROM quality.quarantined_records WHERE source_id = 'shipments'`,
    );
    expect(rows).toEqual([{ released: 6, kept: 1 }]);

    // 6. Deactivated (one command, audited): the next records are held again, as before the activation.
    const deactivated = await contractCli('deactivate', '--source', 'shipments');
    expect(deactivated).toContain('contract shipments-contract version 0.1.0 no longer judges shipments: its records are held (no_active_contract) until a contract is activated');
    expect((await gateway('/api/v1/contracts/shipments-contract')).body).toMatchObject({ active: [] });
    const again404 = await gateway<{ code: string }>('/api/v1/contracts/sources/shipments/deactivate', 'POST');
    expect(again404).toMatchObject({ status: 404, body: { code: 'no_active_contract' } });
    const audit = await database.query(`SELECT target_type, target_id, outcome, details->>'status' AS status FROM gateway.audit_log WHERE action = 'contract.deactivate' ORDER BY id`);
    expect(audit.rows).toEqual([
      { target_type: 'source', target_id: 'shipments', outcome: 'succeeded', status: '200' },
      { target_type: 'source', target_id: 'shipments', outcome: 'failed', status: '404' },
    ]);
    const runC = await push('shipments-c', [{ shipment_id: 8, weight: 1, carrier: 'DHL' }]);
    await waitFor(async () => (await heldCount()) === 1, { timeoutMs: 60000, description: 'the new shipment held' });
    const heldC = await gateway<{ items: QuarantineSummary[] }>(`/api/v1/quarantine/records?sourceId=shipments&runId=${runC}`);
    expect(heldC.body.items.map((record) => [record.contractId, record.reasons])).toEqual([['none', [HELD_REASON]]]);
    await waitFor(async () => ((await runHint(runC)) as { heldRecords?: number } | undefined)?.heldRecords === 1, { timeoutMs: 10000, description: 'the run hinting at the held record' });
    expect(await navigated()).toEqual({ jsonb: [1, 2, 3, 4, 5, 6], typed: [1, 2, 3, 4, 5, 6] });

    // Activated again: the record held meanwhile lands; nothing judged before is judged twice.
    const reactivated = await activateWithCli(file);
    expect(reactivated).toContain('activated for shipments; 1 held record(s) of shipments to replay');
    expect(reactivated).toContain('held records replayed: 1/1 judged, 1 released to Navigate, 0 still quarantined');
    await waitFor(async () => (await navigated()).typed.length === 7, { timeoutMs: 60000, description: 'the seventh shipment in the typed Navigate table' });
    expect(await navigated()).toEqual({ jsonb: [1, 2, 3, 4, 5, 6, 8], typed: [1, 2, 3, 4, 5, 6, 8] });
  }, 300000);

  it('resumes a replay after quality is killed mid-way: every held record lands in Navigate exactly once, counted once', async () => {
    const crates = Array.from({ length: 6000 }, (_, index) => ({ crate_id: index + 1, size: (index % 3) + 1 }));
    const response = await fetch(`${stack.services.gateway.baseUrl}/api/v1/sources/crates/records`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', 'idempotency-key': 'crates' },
      body: JSON.stringify(crates),
    });
    expect(response.status).toBe(202);
    const heldCrates = async () => (await gateway<{ items: Array<{ heldRecords: number }> }>('/api/v1/quarantine/held?sourceId=crates')).body.items[0]?.heldRecords ?? 0;
    await waitFor(async () => (await heldCrates()) === 6000, { timeoutMs: 120000, description: '6,000 held crates' });

    const contract = {
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      id: 'crates-contract',
      version: '1.0.0',
      status: 'active',
      schema: [{ name: 'crates', properties: [{ name: 'crate_id', logicalType: 'integer', required: true, primaryKey: true, primaryKeyPosition: 1 }, { name: 'size', logicalType: 'integer' }] }],
    };
    expect((await gateway('/api/v1/contracts', 'POST', contract)).status).toBe(201);
    const activated = await gateway<{ heldReplays: HeldReplay[] }>('/api/v1/contracts/crates-contract/versions/1.0.0/activate', 'POST');
    expect(activated.status).toBe(200);
    const [replay] = activated.body.heldReplays;
    expect(replay).toMatchObject({ sourceId: 'crates', state: 'pending', heldAtRequest: 6000 });

    // Killed once the replay has judged a first batch, before it could judge them all.
    const progress = async () => (await gateway<HeldReplay>(`/api/v1/quarantine/held-replays/${replay.replayId}`)).body;
    await waitFor(async () => (await progress()).judged > 0, { timeoutMs: 60000, intervalMs: 50, description: 'a first batch judged' });
    await stack.services.quality.restart('SIGKILL');
    const atRestart = await progress();
    expect(atRestart.judged).toBeLessThan(6000);

    await waitFor(async () => (await progress()).state === 'succeeded', { timeoutMs: 120000, description: 'the replay resumed and finished' });
    expect(await progress()).toMatchObject({ state: 'succeeded', heldAtRequest: 6000, heldNow: 0, judged: 6000, released: 6000, stillQuarantined: 0 });
    const landed = async () => {
      const { rows } = await database.query<{ jsonb: number; typed: number; distinct: number }>(
        `SELECT (SELECT count(*)::int FROM connector.navigate_records WHERE source_id = 'crates') AS jsonb,
                (SELECT count(*)::int FROM navigate_typed."crates") AS typed,
                (SELECT count(DISTINCT crate_id)::int FROM navigate_typed."crates") AS distinct`,
      );
      return rows[0];
    };
    await waitFor(async () => (await landed()).typed === 6000, { timeoutMs: 120000, description: '6,000 crates in Navigate' });
    expect(await landed()).toEqual({ jsonb: 6000, typed: 6000, distinct: 6000 });
  }, 360000);
});
