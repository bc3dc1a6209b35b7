/**
 * The demo: pushes a generated dataset of fake people (names, e-mail addresses in fields and in
 * free text, phone numbers) through the running pipeline and shows where every record went.
 * Run through `./atlas demo`, which starts the infrastructure and the services first.
 */
import { Pool } from 'pg';
import { generatePeople } from './people-dataset';
import { showDashboard } from './demo-dashboard';
import { showHeldUntilContract } from './demo-held-contract';
import { showHttpSource } from './demo-http-source';
import { showCursorPages } from './demo-lists';
import { showFileIngest, showIdentity, showLineageGraph, showQualityVerdicts, showRawKafkaProducer, showRunProvenance, showStageMetrics } from './demo-tour';
import { showAnomalyDetection } from './demo-anomaly';
import { showDriftAndSegments } from './demo-drift';
import { showExploreDryRun } from './demo-explore-dry-run';
import { showSodaclContract } from './demo-sodacl';
import { showSubjectErasure, showSubjectRectification } from './demo-subjects';
import { showTypedDataset } from './demo-typed-datasets';
import { ClientOptions, clientOptionsFromArguments, lineageJobsOfRun, pushRecords, waitForRuns } from './pipeline-client';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

async function main(): Promise<void> {
  const { options, values } = clientOptionsFromArguments({ records: { type: 'string', default: '2000' } });
  const count = Number(values.records);
  const people = generatePeople(count, { seed: Date.now() % 100000 });
  const database = new Pool({ connectionString: options.databaseUrl, max: 2 });
  try {
    const started = performance.now();
    const runs = [];
    const batchSize = 1000;
    const pushId = `demo-${Date.now()}`;
    for (let start = 0; start < people.length; start += batchSize) {
      runs.push(await pushRecords(options, 'people', people.slice(start, start + batchSize), `${pushId}-${start}`));
    }
    const runIds = runs.map((run) => run.runId);
    console.log(`Pushed ${count} records of source "people" as ${runs.length} run(s): ${runIds.join(', ')}`);
    const outcome = await waitForRuns(database, runIds, count, 120000);
    const seconds = (performance.now() - started) / 1000;
    console.log(`All ${count} records accounted for in ${seconds.toFixed(2)} s (${Math.round(count / seconds)} records/s end to end):`);
    console.log(`  Explore (raw, checksummed):           ${outcome.explored}`);
    console.log(`  Navigate (masked, contract-valid):    ${outcome.navigated}`);
    console.log(`  Quarantined (broke the contract):     ${outcome.quarantined}`);

    const sample = await database.query(
      'SELECT position_index, payload, policy_id, policy_version, trace_id FROM connector.navigate_records WHERE run_id = $1 ORDER BY position_index LIMIT 3',
      [runIds[0]],
    );
    console.log('\nA few rows of the Navigate table (connector.navigate_records):');
    for (const row of sample.rows) console.log(`  #${row.position_index} policy ${row.policy_id} v${row.policy_version} trace ${row.trace_id}\n    ${JSON.stringify(row.payload)}`);
    const leaked = await database.query(
      `SELECT count(*) AS leaked FROM connector.navigate_records WHERE run_id = ANY($1::uuid[]) AND payload::text ~ $2`,
      [runIds, EMAIL.source],
    );
    console.log(`  Raw e-mail addresses left in Navigate: ${leaked.rows[0].leaked}`);

    await showQualityVerdicts(database, runIds, options);

    type FindingsReport = { items: Array<{ field: string; entityType: string; findings: number; records: number }> };
    const fetchReport = async (): Promise<FindingsReport> => {
      const response = await fetch(`${options.gatewayUrl}/api/v1/pii/findings?runId=${runIds[0]}&limit=500`, { headers: { authorization: `Bearer ${options.apiKey}` } });
      return (await response.json()) as FindingsReport;
    };
    // Findings reach the gateway on their own topic, alongside the records: wait until the count settles.
    const total = (candidate: FindingsReport) => candidate.items.reduce((sum, row) => sum + row.findings, 0);
    let report = await fetchReport();
    for (let attempt = 0; attempt < 30; attempt++) {
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
      const next = await fetchReport();
      const settled = total(next) === total(report) && total(next) > 0;
      report = next;
      if (settled) break;
    }
    console.log(`\nPersonal data found in run ${runIds[0]} (gateway GET /api/v1/pii/findings; counts, never values):`);
    for (const row of report.items) console.log(`  ${row.field.padEnd(14)} ${row.entityType.padEnd(16)} ${String(row.findings).padStart(5)} finding(s) in ${row.records} record(s)`);

    const jobs = await lineageJobsOfRun(options, runIds[0]);
    console.log(`\nOpenLineage events stored for run ${runIds[0]} (lineage service):`);
    for (const [job, events] of jobs) console.log(`  ${job.padEnd(24)} ${events} event(s)`);

    await showLineageGraph(options);
    await showRunProvenance(database, options, runIds[0]);
    await showColumnClassifications(options);
    await showQualityResults(options, runIds[0]);
    await showExploreDryRun(options, 'people');
    await showTypedDataset(options, 'people');
    await showSodaclContract(database, options);
    await showAnomalyDetection(database, options);
    await showDriftAndSegments(database, options);
    await showHeldUntilContract(options);
    await showFileIngest(database, options);
    await showHttpSource(database, options);
    await showRawKafkaProducer(database, options);
    await showIdentity(options);
    await showSafeguards(options);
    await showCursorPages(options);
    await showSubjectRectification(database, options, people.find((person) => person.email));
    await showSubjectErasure(options, people.find((person) => person.email)?.email ?? '');
    await showStageMetrics();
    await showDashboard(options);
  } finally {
    await database.end();
  }
}

const authorized = (options: ClientOptions) => ({ authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' });

/** How pii-detection classified each column of the source: stored, survives restarts, overridable by an admin key. */
async function showColumnClassifications(options: ClientOptions): Promise<void> {
  const response = await fetch(`${options.gatewayUrl}/api/v1/pii/classifications?sourceId=people&limit=500`, { headers: authorized(options) });
  const body = (await response.json()) as { items: Array<{ field: string; class: string; entityType: string | null; decidedBy: string }> };
  console.log('\nColumn classifications of "people" (gateway GET /api/v1/pii/classifications, from pii-detection; override with PUT as an admin):');
  for (const row of body.items) console.log(`  ${row.field.padEnd(14)} ${row.class.padEnd(13)} ${(row.entityType ?? '').padEnd(16)} decided by ${row.decidedBy}`);
}

/** The quality service's view of one run, through the gateway: its score by dimension, the checks that did not pass, and the quarantine. */
async function showQualityResults(options: ClientOptions, runId: string): Promise<void> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${options.gatewayUrl}${path}`, { headers: authorized(options) });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  try {
    type Score = { score: number | null; dimensions: Record<string, { score: number | null; testedUnits: number; passedUnits: number }> };
    const score = await get<Score>(`/api/v1/quality/runs/${runId}/score`);
    console.log(`
Quality of run ${runId} (gateway GET /api/v1/quality/runs/{runId}/score and /results, from quality): score ${score.score ?? 'n/a'}`);
    for (const [dimension, value] of Object.entries(score.dimensions)) {
      if (value.score !== null) console.log(`  ${dimension.padEnd(13)} ${String(value.score).padStart(6)}  (${value.passedUnits} of ${value.testedUnits} units passed)`);
    }
    type Results = { checks: Array<{ checkId: string; outcome: string; metric: string; measuredValue: number; rowsTested: number }> };
    const results = await get<Results>(`/api/v1/quality/runs/${runId}/results`);
    for (const check of results.checks.filter((candidate) => candidate.outcome !== 'pass').slice(0, 8)) {
      console.log(`  ${check.outcome.padEnd(13)} ${check.checkId.padEnd(28)} ${check.metric} = ${check.measuredValue} of ${check.rowsTested} rows tested`);
    }
    type Page = { items: Array<{ recordId: string; positionIndex: number; reasons: Array<{ checkId?: string; rule: string }> }>; nextCursor: string | null };
    const page = await get<Page>(`/api/v1/quarantine/records?runId=${runId}&limit=3`);
    console.log(`  Quarantined records of the run (GET /api/v1/quarantine/records, replay with POST /api/v1/quarantine/replay):`);
    for (const record of page.items) console.log(`    #${record.positionIndex} ${record.recordId} failed ${record.reasons.map((reason) => reason.checkId ?? reason.rule).join(', ')}`);
  } catch (error) {
    console.log(`
Quality results unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What the door refuses and what an ordinary key may not do: each answered before anything is published or changed. */
async function showSafeguards(options: ClientOptions): Promise<void> {
  console.log('\nSafeguards (each answered before anything is published or changed):');
  const attempts: Array<{ what: string; url: string; method: string; body: string }> = [
    { what: 'a record holding a 2 MB string', url: `${options.gatewayUrl}/api/v1/sources/people/records`, method: 'POST', body: JSON.stringify([{ id: 1 }, { id: 2, notes: 'x'.repeat(2_000_000) }]) },
    { what: 'a lone UTF-16 surrogate (jsonb cannot store it)', url: `${options.gatewayUrl}/api/v1/sources/people/records`, method: 'POST', body: '[{"id": 1, "name": "\\ud800"}]' },
    { what: 'malformed JSON (never echoed back)', url: `${options.gatewayUrl}/api/v1/sources/people/records`, method: 'POST', body: '[{"id": 1, "email": "ada@example.com",' },
    { what: 'switching protection off with the ingest key', url: `${options.gatewayUrl}/api/v1/policies/default`, method: 'PUT', body: JSON.stringify({ defaultOperator: { type: 'keep' } }) },
    { what: "the ingest key on pii-detection's own port", url: `${options.piiUrl}/api/v1/vault/detokenize`, method: 'POST', body: JSON.stringify({ token: 'tok_aaaaaaaaaaaaaaaaaaaaaaaaaa' }) },
  ];
  for (const attempt of attempts) {
    const response = await fetch(attempt.url, { method: attempt.method, headers: authorized(options), body: attempt.body });
    // The gateway answers problem documents (detail); a service's own port Nest's shape (message).
    const answer = (await response.json().catch(() => ({}))) as { message?: unknown; detail?: unknown };
    const said = answer.detail ?? answer.message;
    const message = Array.isArray(said) ? said.join('; ') : String(said ?? '');
    console.log(`  ${attempt.what.padEnd(48)} → ${response.status} ${message.slice(0, 150)}`);
  }
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
