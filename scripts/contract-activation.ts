/**
 * What `./atlas contract activate` and `./atlas ingest` share: reading a contract document, telling
 * whether it governs a source, the hint printed when a source's records are held for want of an
 * active contract, and following the replay an activation starts. Only the gateway's public API.
 */
import { parse } from 'yaml';

/** A replay of held records, as `GET /api/v1/quarantine/held-replays/{id}` serves it. */
export interface HeldReplay {
  replayId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'superseded';
  heldAtRequest: number;
  heldNow: number;
  judged: number;
  released: number;
  stillQuarantined: number;
  notReplayable: number;
  lastError: string | null;
}

export interface GatewayClient {
  url: string;
  headers: Record<string, string>;
}

/** A contract file as an object: YAML or JSON (YAML is a superset); anything else is refused with the reason. */
export function parseContractText(text: string, file: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`${file} is neither JSON nor YAML: ${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new Error(`${file} does not hold one ODCS document (an object)`);
  return document as Record<string, unknown>;
}

/** The source ids a contract's schema objects name (each governs the source of its name). */
export function governedSources(document: Record<string, unknown>): string[] {
  const schema = Array.isArray(document.schema) ? (document.schema as unknown[]) : [];
  return schema.flatMap((object) => (typeof object === 'object' && object !== null && typeof (object as { name?: unknown }).name === 'string' ? [(object as { name: string }).name] : []));
}

/** What to tell a user whose source has held records: review the draft, then one command. */
export function heldRecordsHint(sourceId: string, heldRecords: number, gatewayUrl: string): string[] {
  return [
    `source ${sourceId} has no active data contract: ${heldRecords} record(s) are held in quarantine (reason no_active_contract); nothing reaches Navigate unchecked.`,
    `  review the draft contract read off its profile:  curl -H "Authorization: Bearer $(cat .atlas/api-key)" '${gatewayUrl}/api/v1/sources/${sourceId}/contract-draft?format=yaml'`,
    `  activate it, and the held records land:         ./atlas contract activate --source ${sourceId} --from-draft   (or --file your.odcs.yaml)`,
  ];
}

/** One line of a replay's progress or outcome. */
export function replayLine(replay: HeldReplay): string {
  const counts = `${replay.judged}/${replay.heldAtRequest} judged, ${replay.released} released to Navigate, ${replay.stillQuarantined} still quarantined`;
  switch (replay.state) {
    case 'succeeded':
      return `held records replayed: ${counts}${replay.notReplayable > 0 ? `, ${replay.notReplayable} not replayable (stored before replays existed)` : ''}`;
    case 'failed':
      return `replay failed after ${counts}: ${replay.lastError ?? 'no reason given'}`;
    case 'superseded':
      return `replay superseded by a later activation after ${counts}`;
    default:
      return `replaying held records (${replay.state}): ${counts}, ${replay.heldNow} still held`;
  }
}

export async function getJson<T>(client: GatewayClient, path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${client.url}${path}`, { headers: client.headers });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as T };
}

type ContractsPage = { items?: Array<{ active: Array<{ sourceId: string }> }>; nextCursor?: string | null };

/** Whether a contract governs the source now (`GET /api/v1/contracts`, page after page). */
export async function hasActiveContract(client: GatewayClient, sourceId: string): Promise<boolean> {
  let cursor: string | null = null;
  do {
    const { status, body }: { status: number; body: ContractsPage } = await getJson<ContractsPage>(client, `/api/v1/contracts?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    if (status !== 200 || !Array.isArray(body.items)) throw new Error(`could not list the data contracts (${status})`);
    if (body.items.some((contract) => contract.active.some((active) => active.sourceId === sourceId))) return true;
    cursor = body.nextCursor ?? null;
  } while (cursor !== null);
  return false;
}

/** The source's held records (`GET /api/v1/quarantine/held?sourceId=`). */
export async function heldRecordsOf(client: GatewayClient, sourceId: string): Promise<number> {
  const { status, body } = await getJson<{ items?: Array<{ heldRecords: number }> }>(client, `/api/v1/quarantine/held?sourceId=${encodeURIComponent(sourceId)}`);
  if (status !== 200) throw new Error(`could not count the held records (${status})`);
  return body.items?.[0]?.heldRecords ?? 0;
}

/** Polls a replay until it ends, calling `show` with each state read. */
export async function followReplay(client: GatewayClient, replayId: string, show: (replay: HeldReplay) => void, intervalMs = 500): Promise<HeldReplay> {
  for (;;) {
    const { status, body } = await getJson<HeldReplay>(client, `/api/v1/quarantine/held-replays/${replayId}`);
    if (status !== 200) throw new Error(`could not read replay ${replayId} (${status})`);
    show(body);
    if (body.state === 'succeeded' || body.state === 'failed' || body.state === 'superseded') return body;
    await new Promise((resolveWait) => setTimeout(resolveWait, intervalMs));
  }
}
