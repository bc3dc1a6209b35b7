/**
 * The demo's tour of what each service offers beyond the push: quality verdicts with their checks,
 * a CSV file through the connector, raw Kafka producers, the lineage graph, users, roles and keys,
 * and the metrics operators watch. Each part prints what a newcomer would look for.
 */
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { generatePeople } from './people-dataset';
import { ClientOptions } from './pipeline-client';
import { repositoryRoot } from './repository-root';

const QUALITY_URL = 'http://127.0.0.1:3003';
const SERVICE_PORTS = [3000, 3001, 3002, 3003, 3004];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const sleep = (milliseconds: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, milliseconds));

async function getJson<T>(url: string, token: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: bearer(token) });
  return { status: response.status, body: (await response.json().catch(() => ({}))) as T };
}

/** Why records were quarantined: every failed check with its id, type and measured value, and the contract version that judged it. */
export async function showQualityVerdicts(database: Pool, runIds: string[], options: ClientOptions): Promise<void> {
  const reasons = await database.query(
    `SELECT contract_id, contract_version, reason->>'checkId' AS check_id, coalesce(reason->>'checkName', reason->>'message') AS check_name,
            reason->>'measuredValue' AS measured, count(*) AS records
       FROM quality.quarantined_records, jsonb_array_elements(reasons) AS reason
      WHERE run_id = ANY($1::uuid[]) GROUP BY 1, 2, 3, 4, 5 ORDER BY records DESC LIMIT 5`,
    [runIds],
  );
  console.log('\nQuarantine reasons (quality.quarantined_records: contract version, check id, check, measured value):');
  for (const row of reasons.rows) {
    console.log(`  ${String(row.records).padStart(4)} x ${row.contract_id} v${row.contract_version}  ${row.check_id ?? '-'}  "${row.check_name}"  measured ${row.measured ?? 'null'}`);
  }
  const contracts = await getJson<{ items?: Array<{ contractId: string; active: Array<{ sourceId: string; version: string }> }> }>(`${options.gatewayUrl}/api/v1/contracts?limit=500`, options.apiKey);
  const active = Array.isArray(contracts.body.items) ? contracts.body.items.flatMap((contract) => contract.active.map((entry) => `${contract.contractId} v${entry.version} for "${entry.sourceId}"`)) : [];
  console.log(`  Active ODCS contracts (gateway GET /api/v1/contracts; create, validate, dry-run, activate): ${active.join('; ') || `answered ${contracts.status}`}`);
}

/** A CSV file uploaded through the gateway to the connector: a file source, a run with counts, rows in Explore with their file and line. */
export async function showFileIngest(database: Pool, options: ClientOptions): Promise<void> {
  const people = generatePeople(500, { seed: 7, firstId: 100000 });
  const header = 'id,name,email,phone,city,signup_date';
  const csv = [header, ...people.map((person) => [person.id, person.name, person.email ?? '', person.phone, person.city, person.signup_date].join(','))].join('\n');
  const sourceId = `demo-csv-${Date.now()}`;
  const upload = await fetch(`${options.gatewayUrl}/api/v1/sources/${sourceId}/uploads?name=people.csv`, {
    method: 'POST',
    headers: { ...bearer(options.apiKey), 'content-type': 'application/octet-stream' },
    body: csv,
  });
  const answer = (await upload.json().catch(() => ({}))) as { run?: { runId: string; state: string }; detail?: string };
  console.log(`\nA CSV file through the connector (POST ${options.gatewayUrl}/api/v1/sources/${sourceId}/uploads; ./atlas ingest FILE --source ID does this with a progress bar):`);
  if (!answer.run) {
    console.log(`  upload answered ${upload.status}: ${answer.detail ?? ''}`);
    return;
  }
  let run: { runId: string; state: string; recordsRead?: number; recordsPublished?: number; recordsDeadLettered?: number } = answer.run;
  for (let attempt = 0; attempt < 60 && (run.state === 'queued' || run.state === 'running'); attempt++) {
    await sleep(500);
    run = (await getJson<typeof run>(`${options.gatewayUrl}/api/v1/source-runs/${run.runId}`, options.apiKey)).body;
  }
  console.log(`  run ${run.runId} ${run.state}: ${run.recordsRead} read, ${run.recordsPublished} published, ${run.recordsDeadLettered} dead-lettered`);
  const sample = await database.query('SELECT source_location FROM connector.explore_records WHERE source_id = $1 ORDER BY position_index LIMIT 2', [sourceId]);
  console.log(`  Explore rows carry their source position: ${sample.rows.map((row) => row.source_location).join(', ') || '(still arriving)'}`);
  await showRunProfile(sourceId, options);
}

/** The run's profile (issue 7): per field type, null rate, distinct estimate, top values as codes or shapes, and the draft contract's key. */
async function showRunProfile(sourceId: string, options: ClientOptions): Promise<void> {
  type Field = { name: string; inferredType: string; nullRate: number; distinctEstimate: number; topValues: Array<{ value?: string; shape?: string; count: number }> };
  const profile = await getJson<{ records?: number; fields?: Field[]; message?: string }>(`${options.gatewayUrl}/api/v1/sources/${sourceId}/profile`, options.apiKey);
  if (!profile.body.fields) {
    console.log(`  profile answered ${profile.status}: ${profile.body.message ?? ''}`);
    return;
  }
  const fields = profile.body.fields.map((field) => {
    const top = field.topValues[0];
    const shown = top ? ` top ${top.value !== undefined ? `"${top.value}"` : `shape ${top.shape}`}` : '';
    return `${field.name} ${field.inferredType} null ${(field.nullRate * 100).toFixed(0)}% ~${field.distinctEstimate} distinct${shown}`;
  });
  console.log(`  Profile (GET /api/v1/sources/${sourceId}/profile, no raw personal value): ${profile.body.records} records; ${fields.join('; ')}`);
  const suggestion = await getJson<{ schema?: Array<{ properties: Array<{ name: string; primaryKey?: boolean; required?: boolean; unique?: boolean }> }> }>(`${options.gatewayUrl}/api/v1/sources/${sourceId}/profile/contract-suggestion`, options.apiKey);
  const properties = suggestion.body.schema?.[0].properties ?? [];
  const key = properties.find((property) => property.primaryKey)?.name ?? 'none';
  console.log(`  Draft ODCS contract from the profile (…/profile/contract-suggestion): primary key ${key}; required ${properties.filter((property) => property.required).map((property) => property.name).join(', ') || 'none'}`);
  const hints = await getJson<{ hints?: Array<{ field: string; entityType: string; share: number }> }>(`${options.gatewayUrl}/api/v1/sources/${sourceId}/profile/column-hints`, options.apiKey);
  const hinted = (hints.body.hints ?? []).map((hint) => `${hint.field} ${hint.entityType} (${(hint.share * 100).toFixed(0)}%)`);
  console.log(`  Column hints for PII (…/profile/column-hints, read from value patterns, never values): ${hinted.join(', ') || 'none'}`);
}

/** Any Kafka producer can feed Atlas: raw JSON on atlas.raw.records.v1 with an atlas-source-id header (kcat works too). */
export async function showRawKafkaProducer(database: Pool, options: ClientOptions): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = new Kafka({ clientId: 'atlas-demo', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const sourceId = `demo-stream-${Date.now()}`;
  await producer.connect();
  try {
    await producer.send({
      topic: 'atlas.raw.records.v1',
      messages: [
        { value: JSON.stringify({ id: 1, name: 'Ines Rossi', email: 'ines.rossi@example.org' }), headers: { 'atlas-source-id': sourceId, 'atlas-record-key': 'customer-1' } },
        { value: JSON.stringify({ id: 2, name: 'Kofi Haddad', email: 'kofi.haddad@example.org' }), headers: { 'atlas-source-id': sourceId, 'atlas-record-key': 'customer-2' } },
        { value: '{"id": 3, "name": "not json', headers: { 'atlas-source-id': sourceId } },
      ],
    });
  } finally {
    await producer.disconnect();
  }
  let rows: Array<{ source_location: string }> = [];
  for (let attempt = 0; attempt < 40 && rows.length < 2; attempt++) {
    await sleep(250);
    rows = (await database.query('SELECT source_location FROM connector.explore_records WHERE source_id = $1 ORDER BY source_location', [sourceId])).rows;
  }
  console.log(`\nAn external Kafka producer (3 raw JSON values on atlas.raw.records.v1, header atlas-source-id=${sourceId}; e.g. kcat -P -H atlas-source-id=crm):`);
  console.log(`  ${rows.length} landed in Explore at ${rows.map((row) => row.source_location).join(', ')}; the one that is not JSON went to the dead-letter topic with its position`);
  type Letter = { deadLetterId: number; reason: string; service: string; source: { location?: string; offset: string } };
  let letters: Letter[] = [];
  for (let attempt = 0; attempt < 40 && letters.length === 0; attempt++) {
    letters = (await getJson<{ items?: Letter[] }>(`${options.gatewayUrl}/api/v1/dead-letters?sourceId=${sourceId}`, options.apiKey)).body.items ?? [];
    if (letters.length === 0) await sleep(250);
  }
  for (const letter of letters) {
    console.log(`  dead letter ${letter.deadLetterId} (GET /api/v1/dead-letters?sourceId=${sourceId}): "${letter.reason}" from ${letter.service} at ${letter.source.location ?? `offset ${letter.source.offset}`}; its value stays sealed (POST …/dead-letters/${letter.deadLetterId}/unseal needs pii:reveal and a reason, audited)`);
  }
  const runs = await database.query<{ run_id: string; topic_partition: number; first_offset: string; last_offset: string; record_count: number; closed: boolean }>(
    `SELECT run_id::text AS run_id, topic_partition, first_offset, last_offset, record_count, closed_at IS NOT NULL AS closed
       FROM connector.raw_record_runs WHERE source_id = $1 ORDER BY topic_partition, first_offset`,
    [sourceId],
  );
  for (const run of runs.rows) {
    console.log(
      `  ingestion run ${run.run_id}: ${run.record_count} record(s) of partition ${run.topic_partition}, offsets ${run.first_offset}–${run.last_offset}, ${run.closed ? 'closed, its count announced' : 'open'} (a producer's records form one run per source and partition for CONNECTOR_RAW_RUN_WINDOW_MS, 5 s by default; a redelivered record keeps its run and position)`,
    );
  }
}

type GraphNode = { id: string; type?: string; inEdges?: unknown[]; outEdges?: unknown[] };

/** The graph around the pii-detection stage, through the gateway (a Marquez-shaped answer). */
export async function showLineageGraph(options: ClientOptions): Promise<void> {
  const nodeId = 'job:atlas.people:pii-detection.protect';
  const answer = await getJson<{ graph?: GraphNode[]; truncated?: boolean }>(`${options.gatewayUrl}/api/v1/lineage?nodeId=${encodeURIComponent(nodeId)}&depth=2`, options.apiKey);
  console.log(`\nLineage graph around ${nodeId}, depth 2 (gateway GET /api/v1/lineage?nodeId=…; OpenLineage clients post to POST /api/v1/lineage):`);
  if (answer.status !== 200 || !answer.body.graph) {
    console.log(`  answered ${answer.status}`);
    return;
  }
  for (const node of answer.body.graph.slice(0, 8)) console.log(`  ${node.id}  (${node.inEdges?.length ?? 0} in, ${node.outEdges?.length ?? 0} out)`);
  console.log(`  ${answer.body.graph.length} node(s)${answer.body.truncated ? ', truncated' : ''}`);
  const found = await getJson<{ results?: Array<{ type: string; nodeId: string }>; totalCount?: number }>(`${options.gatewayUrl}/api/v1/lineage/search?q=navigate&limit=3`, options.apiKey);
  if (found.status === 200 && found.body.results) {
    console.log(`  search by name (GET /api/v1/lineage/search?q=navigate): ${found.body.totalCount} match(es), e.g. ${found.body.results.map((result) => `${result.type} ${result.nodeId}`).join(', ')}`);
  }
  console.log(`  drawn in the dashboard: http://127.0.0.1:3000/lineage?node=${encodeURIComponent(nodeId)} (levels each way, column edges, PII trace, asOf)`);
}

// --- Lineage per run and record provenance (issue 9) ---

interface ProvenanceRunView {
  job: { name: string };
  state: string | null;
  recordCount: number | null;
  deadLetteredCount?: number;
  outputs: Array<{ name: string; rowCount?: number }>;
}

/** One run per stage of an ingestion run, with its counts, and what a Navigate row's provenance resolves to (gateway GET /api/v1/lineage/runs/{runId}/provenance). */
export async function showRunProvenance(database: Pool, options: ClientOptions, runId: string): Promise<void> {
  const answer = await getJson<{
    source?: ProvenanceRunView | null;
    stages?: ProvenanceRunView[];
    maskedColumns?: string[];
    maskingPolicies?: Array<{ column: string; policyId: string; policyVersion: number }>;
    qualityChecks?: Array<{ success: boolean }>;
  }>(
    `${options.gatewayUrl}/api/v1/lineage/runs/${runId}/provenance`,
    options.apiKey,
  );
  console.log(`
Lineage of run ${runId}, one run per stage (gateway GET /api/v1/lineage/runs/{runId}/provenance):`);
  if (answer.status !== 200) {
    console.log(`  answered ${answer.status}`);
    return;
  }
  const line = (run: ProvenanceRunView) =>
    `  ${run.job.name.padEnd(24)} ${String(run.state).padEnd(9)} ${String(run.recordCount ?? '-').padStart(6)} record(s)${run.deadLetteredCount ? ` (${run.deadLetteredCount} dead-lettered)` : ''}  → ${run.outputs.map((output) => `${output.name} ${output.rowCount ?? '?'}`).join(', ')}`;
  if (answer.body.source) console.log(line(answer.body.source));
  for (const stage of answer.body.stages ?? []) console.log(line(stage));
  const checks = answer.body.qualityChecks ?? [];
  const policies = (answer.body.maskingPolicies ?? []).map((policy) => `${policy.column} by ${policy.policyId} v${policy.policyVersion}`);
  console.log(`  masked columns: ${policies.join(', ') || (answer.body.maskedColumns ?? []).join(', ') || 'none'}; contract checks over the run: ${checks.length} (${checks.filter((check) => !check.success).length} failed by some record)`);
  const { rows } = await database.query<{ record_id: string }>('SELECT record_id FROM connector.navigate_records WHERE run_id = $1 ORDER BY position_index LIMIT 1', [runId]);
  if (rows[0]) await showRecordProvenance(options, rows[0].record_id);
}

/** One Navigate row's provenance (gateway GET /api/v1/lineage/records/{recordId}/provenance). */
async function showRecordProvenance(options: ClientOptions, recordId: string): Promise<void> {
  const answer = await getJson<{
    position: { index: number; location: string | null };
    protection: { policyId: string; policyVersion: number; maskedColumns: string[] };
    contract: { contractVersion: string; checks: Array<{ level: string; passed: boolean | null }> | null };
    traceId: string | null;
  }>(`${options.gatewayUrl}/api/v1/lineage/records/${recordId}/provenance`, options.apiKey);
  if (answer.status !== 200) {
    console.log(`  record provenance of ${recordId} answered ${answer.status}`);
    return;
  }
  const { position, protection, contract, traceId } = answer.body;
  const checks = contract.checks ?? [];
  console.log(
    `  record ${recordId} (GET /api/v1/lineage/records/{recordId}/provenance): position ${position.index}${position.location ? ` (${position.location})` : ''}, ` +
      `masked by ${protection.policyId} v${protection.policyVersion} (${protection.maskedColumns.join(', ') || 'no column'}), contract v${contract.contractVersion}: ` +
      `${checks.filter((check) => check.passed === true).length} of ${checks.length} record checks passed${checks.some((check) => check.passed === null) ? ` (${checks.filter((check) => check.passed === null).length} warn checks unknown per record)` : ''}, trace ${traceId}`,
  );
}

/** Users, roles and keys: the first admin signs in, creates a producer key, and the key can push but not read findings. */
/** Signs the first admin in (password from .atlas/admin-password); says why when it cannot. */
export async function adminSession(options: ClientOptions): Promise<{ email: string; accessToken: string } | undefined> {
  let password: string;
  try {
    password = readFileSync(`${repositoryRoot(__dirname)}/.atlas/admin-password`, 'utf8').trim();
  } catch {
    console.log('  no .atlas/admin-password: the first admin was not created');
    return undefined;
  }
  const email = process.env.ATLAS_ADMIN_EMAIL ?? 'admin@atlas.local';
  const login = await fetch(`${options.gatewayUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const session = (await login.json().catch(() => ({}))) as { accessToken?: string };
  if (!session.accessToken) {
    console.log(`  admin login answered ${login.status}`);
    return undefined;
  }
  return { email, accessToken: session.accessToken };
}

export async function showIdentity(options: ClientOptions): Promise<void> {
  console.log('\nUsers, roles and keys (gateway /api/v1/auth, /api/v1/api-keys, /api/v1/audit):');
  const session = await adminSession(options);
  if (!session) return;
  const { email } = session;
  const json = { 'content-type': 'application/json' };
  console.log(`  ${email} signed in: a 15-minute access token and a rotating refresh token`);
  const expiresAt = new Date(Date.now() + 24 * 3600_000).toISOString();
  const created = await fetch(`${options.gatewayUrl}/api/v1/api-keys`, {
    method: 'POST',
    headers: { ...json, ...bearer(session.accessToken) },
    body: JSON.stringify({ name: 'demo producer', role: 'producer', expiresAt }),
  });
  const key = (await created.json().catch(() => ({}))) as { key?: string };
  if (!key.key) {
    console.log(`  creating a key answered ${created.status}`);
    return;
  }
  console.log(`  created a producer key (shown once, stored hashed): ${key.key.slice(0, 14)}…`);
  const push = await fetch(`${options.gatewayUrl}/api/v1/sources/demo-producer/records`, { method: 'POST', headers: { ...json, ...bearer(key.key) }, body: JSON.stringify([{ id: 1, note: 'pushed by the producer key' }]) });
  const read = await fetch(`${options.gatewayUrl}/api/v1/pii/findings`, { headers: bearer(key.key) });
  const refusal = (await read.json().catch(() => ({}))) as { detail?: string; message?: string };
  console.log(`  the producer key pushes (${push.status}) but may not read findings (${read.status}: ${refusal.detail ?? refusal.message ?? ''})`);
  // The services' own ports take only the service credential (ATLAS_SERVICE_API_KEYS), which the gateway alone holds.
  const direct = await fetch(`${QUALITY_URL}/api/v1/contracts`, { headers: bearer(key.key) });
  const ingestKeyDirect = await fetch(`${QUALITY_URL}/api/v1/contracts`, { headers: bearer(options.apiKey) });
  console.log(`  on quality's own port (${QUALITY_URL}) the producer key gets ${direct.status} and the ingest key ${ingestKeyDirect.status}: clients go through the gateway`);
  const audit = await getJson<{ items?: Array<{ action: string }> }>(`${options.gatewayUrl}/api/v1/audit?limit=5`, session.accessToken);
  console.log(`  audit log, newest first: ${(audit.body.items ?? []).map((entry) => entry.action).join(', ')}`);
}

/** What operators watch: records in and out of every stage, summed from the services' /metrics. */
export async function showStageMetrics(): Promise<void> {
  const totals = new Map<string, number>();
  for (const port of SERVICE_PORTS) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then(
      (response) => response.text(),
      () => '',
    );
    for (const line of text.split('\n')) {
      const match = /^atlas_stage_records_total\{([^}]*)\} (\d+(?:\.\d+)?)/.exec(line);
      if (!match) continue;
      const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((label) => [label[1], label[2]]));
      const key = `${labels.stage} ${labels.outcome}`;
      totals.set(key, (totals.get(key) ?? 0) + Number(match[2]));
    }
  }
  console.log('\nRecords per stage and outcome (atlas_stage_records_total from each service /metrics; ./atlas up --monitoring starts Prometheus with alerts):');
  for (const [key, value] of [...totals].sort()) console.log(`  ${key.padEnd(40)} ${value}`);
}
