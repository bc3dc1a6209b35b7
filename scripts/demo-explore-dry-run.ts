import { ClientOptions } from './pipeline-client';

interface ContractList {
  items: Array<{ contractId: string; active: Array<{ sourceId: string; version: string }> }>;
}
interface DryRun {
  summary: { records: number; valid: number; quarantined: number; warned: number };
  explore?: { last: number; records: number; truncated: boolean; policyId: string; policyVersion: number };
  records: Array<{ recordId?: string; position?: { index: number }; verdict: string; failed: Array<{ checkId: string }>; notEvaluated: Array<{ checkId: string }> }>;
}

/**
 * A contract tried on the source's latest Explore rows before anyone activates a change: the gateway
 * has them protected by pii-detection under the current policy and judged by quality as the stream
 * would, storing and publishing nothing (only record ids and positions come back, never values).
 */
export async function showExploreDryRun(options: ClientOptions, sourceId: string, last = 20): Promise<void> {
  const headers = { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' };
  const contracts = (await (await fetch(`${options.gatewayUrl}/api/v1/contracts?limit=500`, { headers })).json()) as ContractList;
  const contract = contracts.items.find((candidate) => candidate.active.some((active) => active.sourceId === sourceId));
  const active = contract?.active.find((candidate) => candidate.sourceId === sourceId);
  if (!contract || !active) return console.log(`\nDry-run on Explore rows: no contract is active for "${sourceId}"`);
  const path = `/api/v1/contracts/${encodeURIComponent(contract.contractId)}/versions/${encodeURIComponent(active.version)}/dry-run`;
  const response = await fetch(`${options.gatewayUrl}${path}`, { method: 'POST', headers, body: JSON.stringify({ explore: { last }, sourceId }) });
  if (response.status !== 200) return console.log(`\nDry-run on Explore rows: POST ${path} answered ${response.status}`);
  const dryRun = (await response.json()) as DryRun;
  console.log(`\nContract ${contract.contractId} v${active.version} tried on the last ${last} Explore rows of "${sourceId}" (POST ${path} {"explore":{"last":${last}}}; nothing stored or published):`);
  console.log(`  ${dryRun.summary.records} judged after protection by policy ${dryRun.explore?.policyId} v${dryRun.explore?.policyVersion}: ${dryRun.summary.valid} valid, ${dryRun.summary.quarantined} would be quarantined, ${dryRun.summary.warned} warned`);
  for (const record of dryRun.records.filter((candidate) => candidate.verdict === 'quarantined').slice(0, 3)) {
    console.log(`    #${record.position?.index} ${record.recordId} fails ${record.failed.map((check) => check.checkId).join(', ')}`);
  }
  const notEvaluated = new Set(dryRun.records.flatMap((record) => record.notEvaluated.map((check) => check.checkId)));
  if (notEvaluated.size > 0) console.log(`  Not evaluated on protected values (the stream does the same): ${[...notEvaluated].slice(0, 5).join(', ')}`);
}
