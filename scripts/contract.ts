/**
 * `./atlas contract activate --source ID [--from-draft | --file F]`: stores a data contract for a
 * source (the draft its profile proposes, unchanged, or an ODCS file in YAML or JSON), activates it,
 * and follows the replay of the source's held records through it until they have landed.
 * `./atlas contract deactivate --source ID`: the source's contract stops judging its records, which
 * are held again (no_active_contract) until a contract is activated.
 * Usage: node dist/scripts/contract.js activate --source ID (--from-draft | --file F) --api-key KEY [--url http://127.0.0.1:3000]
 *        node dist/scripts/contract.js deactivate --source ID --api-key KEY [--url http://127.0.0.1:3000]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { followReplay, type GatewayClient, governedSources, type HeldReplay, parseContractText, replayLine } from './contract-activation';

const USAGE = 'usage: ./atlas contract activate --source ID (--from-draft | --file F)\n       ./atlas contract deactivate --source ID';

interface Problem {
  path?: string;
  message?: string;
}

/** The error lines of a refused call: the problem document's detail and each listed problem. */
function refusal(body: { detail?: string; problems?: Problem[]; errors?: Problem[] }): string {
  const problems = body.problems ?? body.errors ?? [];
  return [body.detail ?? 'no detail', ...problems.slice(0, 20).map((problem) => `  ${problem.path ?? ''} ${problem.message ?? ''}`.trimEnd())].join('\n');
}

async function call(client: GatewayClient, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${client.url}${path}`, {
    method,
    headers: { ...client.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

async function contractFor(client: GatewayClient, sourceId: string, file: string | undefined): Promise<Record<string, unknown>> {
  if (file !== undefined) return parseContractText(readFileSync(file, 'utf8'), file);
  const draft = await call(client, 'GET', `/api/v1/sources/${encodeURIComponent(sourceId)}/contract-draft`);
  if (draft.status !== 200) throw new Error(`no draft contract for source ${sourceId} (${draft.status}): ${refusal(draft.body)}`);
  return draft.body;
}

async function activate(client: GatewayClient, sourceId: string, file: string | undefined): Promise<number> {
  const document = await contractFor(client, sourceId, file);
  const sources = governedSources(document);
  if (!sources.includes(sourceId)) throw new Error(`the contract does not govern source ${sourceId} (its schema objects name: ${sources.join(', ') || 'nothing'})`);
  const stored = await call(client, 'POST', '/api/v1/contracts', document);
  if (stored.status === 409) throw new Error(`${refusal(stored.body)}\n(give your version another number in the file, then --file it)`);
  if (stored.status !== 201 && stored.status !== 200) throw new Error(`the contract was refused (${stored.status}): ${refusal(stored.body)}`);
  const { contractId, version } = stored.body as { contractId: string; version: string };
  console.log(`contract ${contractId} version ${version} ${stored.status === 201 ? 'stored' : 'already stored'}${document.status === 'draft' ? ' (the draft read off the profile)' : ''}`);

  const activated = await call(client, 'POST', `/api/v1/contracts/${encodeURIComponent(contractId)}/versions/${encodeURIComponent(version)}/activate`);
  if (activated.status !== 200) throw new Error(`activation refused (${activated.status}): ${refusal(activated.body)}`);
  const replay = (activated.body.heldReplays as HeldReplay[] | undefined)?.find((each) => each.sourceId === sourceId);
  console.log(`activated for ${(activated.body.activeFor as string[]).join(', ')}; ${replay?.heldAtRequest ?? 0} held record(s) of ${sourceId} to replay`);
  if (!replay) return 0;
  let last = '';
  const ended = await followReplay(client, replay.replayId, (state) => {
    const line = replayLine(state);
    if (line !== last && state.state !== 'succeeded') process.stderr.write(`${line}\n`);
    last = line;
  });
  console.log(replayLine(ended));
  if (ended.stillQuarantined > 0) console.log(`  their reasons: GET /api/v1/quarantine/records?sourceId=${sourceId}`);
  return ended.state === 'succeeded' ? 0 : 1;
}

async function deactivate(client: GatewayClient, sourceId: string): Promise<number> {
  const answer = await call(client, 'POST', `/api/v1/contracts/sources/${encodeURIComponent(sourceId)}/deactivate`);
  if (answer.status !== 200) throw new Error(`deactivation refused (${answer.status}): ${refusal(answer.body)}`);
  const { contractId, contractVersion, supersededReplays } = answer.body as { contractId: string; contractVersion: string; supersededReplays: number };
  console.log(`contract ${contractId} version ${contractVersion} no longer judges ${sourceId}: its records are held (no_active_contract) until a contract is activated`);
  if (supersededReplays > 0) console.log(`  ${supersededReplays} unfinished replay(s) of its held records stopped`);
  console.log(`  to activate one again: ./atlas contract activate --source ${sourceId} (--from-draft | --file F)`);
  return 0;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      'from-draft': { type: 'boolean', default: false },
      file: { type: 'string' },
      'api-key': { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
    },
  });
  const command = positionals[0];
  const activating = command === 'activate' && values['from-draft'] !== (values.file !== undefined);
  const deactivating = command === 'deactivate' && !values['from-draft'] && values.file === undefined;
  if (!(activating || deactivating) || !values.source || !values['api-key']) {
    console.error(USAGE);
    return 2;
  }
  const client = { url: values.url, headers: { authorization: `Bearer ${values['api-key']}` } };
  return deactivating ? deactivate(client, values.source) : activate(client, values.source, values.file);
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`contract: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
