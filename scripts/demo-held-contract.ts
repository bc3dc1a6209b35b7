/**
 * Demo: a new source without a contract. Its records are held in quarantine (no_active_contract),
 * its profile proposes a draft contract, activating the draft replays the held records, and they land
 * in the typed Navigate table; the one the contract refuses stays quarantined with its reason.
 */
import { followReplay, type HeldReplay, heldRecordsOf } from './contract-activation';
import type { HeldRecordsHint } from '@atlas/contracts';
import { ClientOptions } from './pipeline-client';

const SOURCE = 'parcels';
const PARCELS = [1, 2, 3, 4, 5].map((id) => ({ parcel_id: id, weight_kg: id % 2 === 0 ? 2.5 : 1, status: id % 2 === 0 ? 'SENT' : 'NEW' }));

export async function showHeldUntilContract(options: ClientOptions): Promise<void> {
  const client = { url: options.gatewayUrl, headers: { authorization: `Bearer ${options.apiKey}` } };
  const call = async <T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${options.gatewayUrl}${path}`, {
      method,
      headers: { ...client.headers, ...extraHeaders, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as T };
  };
  // Keys unique to this demo run, so a second run pushes again (the first ends with the contract deactivated).
  const demoRun = Date.now().toString(36);
  try {
    console.log(`\nHeld until a contract: source ${SOURCE} has no data contract.`);
    const first = await call<{ runId: string; held?: HeldRecordsHint }>('POST', `/api/v1/sources/${SOURCE}/records`, PARCELS, { 'idempotency-key': `demo-parcels-${demoRun}-1` });
    console.log(`  the push answer says so: held.reason ${first.body.held?.reason ?? '(none)'}, held.command "${first.body.held?.command ?? ''}"`);
    // A second push in which one parcel lacks its status: the draft (read off the first run) requires it.
    await call('POST', `/api/v1/sources/${SOURCE}/records`, [{ parcel_id: 6, weight_kg: 1 }], { 'idempotency-key': `demo-parcels-${demoRun}-2` });
    let held = 0;
    for (const deadline = Date.now() + 30_000; held < 6 && Date.now() < deadline; held = await heldRecordsOf(client, SOURCE)) await new Promise((wait) => setTimeout(wait, 500));
    console.log(`  ${held} record(s) held in quarantine, reason no_active_contract (GET /api/v1/quarantine/held?sourceId=${SOURCE}); Navigate has none of them`);

    const draft = await call<{ id: string; version: string; schema: Array<{ properties: Array<Record<string, unknown>> }> }>('GET', `/api/v1/sources/${SOURCE}/contract-draft?runId=${first.body.runId}`);
    if (draft.status !== 200) throw new Error(`the draft answered ${draft.status}`);
    console.log(`  draft proposed (GET /api/v1/sources/${SOURCE}/contract-draft): ${draft.body.id}@${draft.body.version}`);
    for (const property of draft.body.schema[0].properties) console.log(`    ${JSON.stringify(property)}`);

    const stored = await call('POST', '/api/v1/contracts', draft.body);
    const activated = await call<{ heldReplays: HeldReplay[] }>('POST', `/api/v1/contracts/${draft.body.id}/versions/${draft.body.version}/activate`);
    // 409: an earlier demo run stored this very version; activating it again is what a second run shows.
    if ((stored.status > 201 && stored.status !== 409) || activated.status !== 200) throw new Error(`storing answered ${stored.status}, activating ${activated.status}`);
    const replay = activated.body.heldReplays.find((each) => each.sourceId === SOURCE);
    console.log(`  activated the draft unchanged (same as ./atlas contract activate --source ${SOURCE} --from-draft): ${replay?.heldAtRequest ?? 0} held record(s) to replay`);
    if (replay) {
      const ended = await followReplay(client, replay.replayId, () => undefined);
      console.log(`  replayed: ${ended.judged} judged, ${ended.released} released, ${ended.stillQuarantined} still quarantined with their reasons`);
    }
    let rows = 0;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((wait) => setTimeout(wait, 500))) {
      const dataset = await call<{ rowCount?: number }>('GET', `/api/v1/datasets/${SOURCE}`);
      rows = dataset.body.rowCount ?? 0;
      if (rows >= 5) break;
    }
    console.log(`  ${rows} record(s) landed in the typed Navigate table navigate_typed."${SOURCE}" (GET /api/v1/datasets/${SOURCE})`);
    const again = await call<{ heldReplays: HeldReplay[] }>('POST', `/api/v1/contracts/${draft.body.id}/versions/${draft.body.version}/activate`);
    const second = again.body.heldReplays?.find((each) => each.sourceId === SOURCE);
    console.log(`  activating again: ${second?.heldAtRequest ?? 0} held record(s) to replay (nothing twice)`);

    // Deactivation (also ./atlas contract deactivate --source parcels): the source's records are held again.
    const deactivated = await call<{ contractId: string; contractVersion: string }>('POST', `/api/v1/contracts/sources/${SOURCE}/deactivate`);
    if (deactivated.status !== 200) throw new Error(`deactivating answered ${deactivated.status}`);
    const after = await call<{ held?: HeldRecordsHint }>('POST', `/api/v1/sources/${SOURCE}/records`, [{ parcel_id: 7, weight_kg: 3, status: 'NEW' }], { 'idempotency-key': `demo-parcels-${demoRun}-3` });
    console.log(`  deactivated ${deactivated.body.contractId}@${deactivated.body.contractVersion} (POST /api/v1/contracts/sources/${SOURCE}/deactivate): the next push is held again (held.reason ${after.body.held?.reason ?? '(none)'})`);
  } catch (error) {
    console.log(`  held-until-a-contract demo unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}
