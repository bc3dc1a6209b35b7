import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Pool } from 'pg';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, waitFor } from '@atlas/testing';
import { DashboardBrowser, testIdText, visited } from './dashboard-browser';

/**
 * The dashboard's main flow in headless Chromium against the running stack: an engineer creates a
 * CSV source from the form generated from the connector's spec, tests its connection, uploads a file
 * with a progress bar and watches the run finish, opens its rejected row in the quarantine and
 * replays it; the typed dataset shows tokenized e-mail addresses, which only a user granted
 * pii:reveal can reveal, saying why (audited). Plus the reveal route's refusals through the API.
 */

const SOURCE = 'flow-orders';
const CONTRACT = 'flow-orders-contract';
const POLICY = 'flow-orders-policy';
const ROWS = 12;
const REJECTED_INDEX = 2;
// The third order's colour is longer than the first contract version allows: one row is rejected.
const CSV = ['order_id,color,contact', ...Array.from({ length: ROWS }, (_unused, index) => `${index + 1},${index === REJECTED_INDEX ? 'turquoise' : 'red'},customer${index}@example.org`), ''].join('\n');
const ENGINEER = { email: 'engineer@atlas.test', password: 'a-password-for-the-flow-engineer' };
const REVEALER = { email: 'revealer@atlas.test', password: 'a-password-for-the-flow-revealer' };
const UNKNOWN_TOKEN = 'tok_aaaaaaaaaaaaaaaaaaaaaaaaaa';
const REASON = 'Ticket 4711: the customer asks which address we hold';

interface CheckResultBody {
  runId: string;
  checkId: string;
  measuredValue: number | null;
  thresholds: Record<string, Record<string, unknown>>;
  expected?: { lower?: unknown; upper?: unknown };
  anomaly?: { lower?: unknown; upper?: unknown };
}

interface DryRunBody {
  summary: { records: number; valid: number; quarantined: number; warned: number };
  records: Array<{ index: number; results: Array<{ checkId: string; outcome: string }> }>;
}

interface AuditBody {
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

function contract(version: string, colorMaxLength: number) {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: CONTRACT,
    version,
    status: 'active',
    schema: [{ name: SOURCE, properties: [{ name: 'order_id', logicalType: 'string', primaryKey: true, required: true }, { name: 'color', logicalType: 'string', logicalTypeOptions: { maxLength: colorMaxLength } }, { name: 'contact', logicalType: 'string' }] }],
  };
}

describe('dashboard flows: create a source, upload, watch the run, quarantine and replay, reveal with and without the permission', () => {
  const files = mkdtempSync(join(tmpdir(), 'atlas-dashboard-flows-'));
  let stack: PipelineStack;
  let database: Pool;
  let browser: DashboardBrowser;
  let adminToken: string;
  let engineerId: string;
  let revealerId: string;
  let runId: string;

  const api = () => request(stack.services.gateway.baseUrl);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokenOf = async (user: { email: string; password: string }) => (await api().post('/api/v1/auth/login').send(user).expect(200)).body.accessToken as string;
  const auditEntries = async (action: string) =>
    ((await api().get('/api/v1/audit').query({ limit: 200 }).set(bearer(adminToken)).expect(200)).body.items as AuditBody[]).filter((entry) => entry.action === action).reverse();

  async function signedIn(user: { email: string; password: string }): Promise<Page> {
    const page = await browser.openPage();
    await browser.signIn(page, user.email, user.password);
    return page;
  }

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(5700, { CONNECTOR_FILE_DIRECTORY: files }));
    adminToken = await tokenOf({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
    engineerId = (await api().post('/api/v1/users').set(bearer(adminToken)).send({ ...ENGINEER, role: 'engineer' }).expect(201)).body.id;
    revealerId = (await api().post('/api/v1/users').set(bearer(adminToken)).send({ ...REVEALER, role: 'analyst', canReveal: true }).expect(201)).body.id;
    await api().post('/api/v1/contracts').set(bearer(adminToken)).send(contract('1.0.0', 5)).expect(201);
    await api().post(`/api/v1/contracts/${CONTRACT}/versions/1.0.0/activate`).set(bearer(adminToken)).expect(200);
    // The default policy replaces personal data; this one tokenizes e-mail addresses, so there is something to reveal.
    await api().put(`/api/v1/policies/${POLICY}`).set(bearer(adminToken)).send({ sourceId: SOURCE, rules: { DEFAULT: { operator: 'replace' }, EMAIL_ADDRESS: { operator: 'tokenize' } } }).expect(201);
    browser = await DashboardBrowser.launch(stack.services.gateway.baseUrl);
  }, 300000);

  afterAll(async () => {
    await browser?.close();
    await stopPipelineStack({ stack, database });
    rmSync(files, { recursive: true, force: true });
  });

  it('POST /api/v1/pii/detokenize: 401 without credentials, 403 without pii:reveal (audited), 400 without a reason, 404 for an unknown token; documented in OpenAPI', async () => {
    const anonymous = await api().post('/api/v1/pii/detokenize').send({ token: UNKNOWN_TOKEN, reason: REASON }).expect(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);

    const engineer = await tokenOf(ENGINEER);
    const refused = await api().post('/api/v1/pii/detokenize').set(bearer(engineer)).send({ token: UNKNOWN_TOKEN, reason: REASON }).expect(403);
    expect([refused.headers['content-type'], refused.body.code, refused.body.permission]).toEqual([expect.stringMatching(/^application\/problem\+json/), 'permission_denied', 'pii:reveal']);

    const revealer = await tokenOf(REVEALER);
    const noReason = await api().post('/api/v1/pii/detokenize').set(bearer(revealer)).send({ token: UNKNOWN_TOKEN, reason: ' short ' }).expect(400);
    expect(noReason.body).toMatchObject({ code: 'validation_failed', errors: ['reason must be at least 10 characters'] });
    const notAToken = await api().post('/api/v1/pii/detokenize').set(bearer(revealer)).send({ token: 'customer0@example.org', reason: REASON }).expect(400);
    expect(JSON.stringify(notAToken.body)).not.toContain('example.org');
    const unknown = await api().post('/api/v1/pii/detokenize').set(bearer(revealer)).send({ token: UNKNOWN_TOKEN, reason: REASON }).expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);

    // Who tried which token, and why: the refusal, and the answered attempt with its reason (the 400s never reached the route).
    expect(await auditEntries('pii.reveal')).toEqual([
      expect.objectContaining({ actor: `user:${engineerId}`, targetType: 'vault-token', targetId: UNKNOWN_TOKEN, outcome: 'failed', details: { status: 403, code: 'permission_denied' } }),
      expect.objectContaining({ actor: `user:${revealerId}`, targetType: 'vault-token', targetId: UNKNOWN_TOKEN, outcome: 'failed', details: { reason: REASON, status: 404, code: 'http_404' } }),
    ]);

    const document = (await api().get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>> };
    const operation = document.paths['/api/v1/pii/detokenize'].post;
    expect(operation.description).toContain('`pii:reveal` (granted explicitly to a user or key, never by a role)');
    expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '403', '404', '410', '503']);
  });

  it('an engineer creates a CSV source from the generated form, tests it, uploads a file with progress and watches the run finish', async () => {
    const page = await signedIn(ENGINEER);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources and runs' }).click();
    const form = page.getByRole('form', { name: 'New source' });
    await form.getByLabel('Source id', { exact: true }).fill(SOURCE);
    // The file connector's spec makes these inputs: a path, a format, an encoding, a delimiter, a quote, a header checkbox and the Explore retention.
    await form.getByLabel('Path', { exact: true }).waitFor();
    expect(await form.getByRole('group', { name: 'file configuration' }).locator('label').allTextContents()).toEqual(['Path', 'Format', 'Encoding', 'Delimiter', 'Quote', 'Header', 'Explore retention days']);
    expect(await Promise.all(['Path', 'Format', 'Encoding'].map((label) => form.getByLabel(label, { exact: true }).evaluate((input) => (input as unknown as { required: boolean }).required)))).toEqual([true, true, false]);
    // A path outside the connector directory is refused in the form, naming the field.
    await form.getByLabel('Path', { exact: true }).fill('../orders.csv');
    await form.getByRole('button', { name: 'Create source' }).click();
    await form.getByText('Path has the wrong form').waitFor();
    await form.getByText('Format is required').waitFor();
    await form.getByLabel('Path', { exact: true }).fill('orders.csv');
    await form.getByLabel('Format', { exact: true }).selectOption('csv');
    await visited(page, 'source-new');
    await form.getByRole('button', { name: 'Create source' }).click();

    await page.getByRole('heading', { name: SOURCE }).waitFor();
    const created = (await api().get(`/api/v1/sources/${SOURCE}`).set(bearer(adminToken)).expect(200)).body;
    expect({ type: created.type, config: created.config }).toEqual({ type: 'file', config: { path: 'orders.csv', format: 'csv' } });

    // No file yet: the connection test says so.
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByTestId('check-result').filter({ hasText: /^Not reachable: / }).waitFor();

    await page.getByLabel('File (CSV or JSON Lines)').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByTestId('upload-result').waitFor();
    expect(await testIdText(page, 'upload-progress')).toBe(`${Buffer.byteLength(CSV)} B of ${Buffer.byteLength(CSV)} B (100%)`);
    const runs = (await api().get('/api/v1/source-runs').query({ sourceId: SOURCE }).set(bearer(adminToken)).expect(200)).body.items as Array<{ runId: string }>;
    expect(runs).toHaveLength(1);
    runId = runs[0].runId;
    expect(await testIdText(page, 'upload-result')).toBe(`Stored ${Buffer.byteLength(CSV)} B; run ${runId} reads it.`);

    // The page polls: the run reaches its end without a reload, with the API's counts.
    await page.locator(`tr[data-run-id="${runId}"] .badge-succeeded`).waitFor({ timeout: 60000 });
    const run = (await api().get(`/api/v1/source-runs/${runId}`).set(bearer(adminToken)).expect(200)).body;
    expect(await page.locator(`tr[data-run-id="${runId}"] td.number`).allTextContents()).toEqual([run.recordsRead, run.recordsPublished, run.recordsDeadLettered].map(String));
    expect(run.recordsRead).toBe(ROWS);

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByTestId('check-result').filter({ hasText: /^Reachable: / }).waitFor();

    // The rejected row, with its position in the run, as the quarantine lists it.
    await waitForRuns(database, [runId], ROWS, 90000);
    const rejected = page.getByRole('table', { name: 'Rejected rows' }).locator('tbody tr');
    await rejected.first().waitFor({ timeout: 20000 });
    const quarantined = (await api().get('/api/v1/quarantine/records').query({ sourceId: SOURCE }).set(bearer(adminToken)).expect(200)).body.items as Array<{ recordId: string; positionIndex: number }>;
    expect(quarantined.map((record) => record.positionIndex)).toEqual([REJECTED_INDEX]);
    expect(await rejected.evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-record-id'), row.querySelector('td')?.textContent]))).toEqual([[quarantined[0].recordId, String(REJECTED_INDEX)]]);
    await visited(page, 'source-upload');

    const uploads = await auditEntries('source.upload');
    expect(uploads.map(({ actor, targetId, outcome }) => ({ actor, targetId, outcome }))).toEqual([{ actor: `user:${engineerId}`, targetId: SOURCE, outcome: 'succeeded' }]);
    await page.context().close();
  });

  it('opens the rejected row in the quarantine (masked), and replays it once a new contract version allows it', async () => {
    const [record] = (await api().get('/api/v1/quarantine/records').query({ sourceId: SOURCE }).set(bearer(adminToken)).expect(200)).body.items as Array<{ recordId: string }>;
    const page = await signedIn(ENGINEER);
    await page.goto(browser.url(`/sources/${SOURCE}`));
    await page.getByRole('link', { name: `Inspect the row at position ${REJECTED_INDEX}` }).click();
    await page.waitForURL(/\/quality\?/);
    const panel = page.getByRole('region', { name: 'Quarantined record' });
    await panel.getByTestId('record-position').filter({ hasText: String(REJECTED_INDEX) }).waitFor();
    expect(await panel.getByRole('list', { name: 'Failed checks' }).textContent()).toContain('color');
    // Masked: the payload holds a token where the address was.
    const payload = JSON.parse((await testIdText(page, 'record-payload'))!) as Record<string, string>;
    expect(payload.contact).toMatch(/^tok_[a-z2-7]{26}$/);
    expect(await page.locator('main').textContent()).not.toContain('@example.org');
    expect(await page.locator(`tr[data-record-id="${record.recordId}"]`).getAttribute('aria-selected')).toBe('true');
    await visited(page, 'quarantine-record');

    await api().post('/api/v1/contracts').set(bearer(adminToken)).send(contract('1.1.0', 12)).expect(201);
    await api().post(`/api/v1/contracts/${CONTRACT}/versions/1.1.0/activate`).set(bearer(adminToken)).expect(200);
    await panel.getByRole('button', { name: 'Replay with the current contract' }).click();
    await panel.getByTestId('replay-result').filter({ hasText: 'Released' }).waitFor();
    expect(await testIdText(page, 'replay-result')).toBe('Released: it passes contract version 1.1.0 and went on to the dataset.');
    await panel.getByTestId('record-status').filter({ hasText: 'released' }).waitFor();
    expect((await api().get(`/api/v1/quarantine/records/${record.recordId}`).set(bearer(adminToken)).expect(200)).body.status).toBe('released');
    await visited(page, 'quarantine-replayed');
    expect((await auditEntries('quarantine.replay')).map(({ actor, targetId, outcome }) => ({ actor, targetId, outcome }))).toEqual([{ actor: `user:${engineerId}`, targetId: record.recordId, outcome: 'succeeded' }]);
    await page.context().close();
  });

  it('shows the dataset with tokenized addresses, and no reveal to a user without pii:reveal (the API refuses it too)', async () => {
    // The replayed row joins the typed dataset.
    await waitFor(async () => (await api().get(`/api/v1/datasets/${SOURCE}`).set(bearer(adminToken))).body.rowCount === ROWS, { timeoutMs: 30000, description: 'every row in the typed dataset' });
    const page = await signedIn(ENGINEER);
    await page.goto(browser.url(`/datasets?dataset=${SOURCE}`));
    const rows = page.getByRole('table', { name: 'Dataset rows' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(ROWS);
    expect(await rows.first().locator('td').nth(2).textContent()).toMatch(/^tok_[a-z2-7]{26}$/);
    expect(await page.getByRole('button', { name: /^Reveal/ }).count()).toBe(0);
    await page.getByText('can be revealed only by accounts granted pii:reveal').waitFor();
    await visited(page, 'dataset-no-reveal');
    const token = (await rows.first().locator('td').nth(2).textContent())!;
    const refused = await api().post('/api/v1/pii/detokenize').set(bearer(await tokenOf(ENGINEER))).send({ token, reason: REASON }).expect(403);
    expect(JSON.stringify(refused.body)).not.toContain('@example.org');
    await page.context().close();
  });

  it('reveals a value to a user granted pii:reveal, asking why and saying it is audited; the audit log has who, which token, when and why', async () => {
    const page = await signedIn(REVEALER);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('table', { name: 'Datasets' }).getByRole('button', { name: SOURCE }).click();
    const firstRow = page.getByRole('table', { name: 'Dataset rows' }).locator('tbody tr').first();
    await firstRow.waitFor();
    const recordId = (await firstRow.getAttribute('data-record-id'))!;
    const orderId = Number(await firstRow.locator('td').first().textContent());
    const token = (await firstRow.locator('td').nth(2).textContent())!.replace(/\s*Reveal$/, '');
    await firstRow.getByRole('button', { name: `Reveal contact of record ${recordId}` }).click();

    const reveal = page.getByRole('region', { name: 'Reveal a value' });
    await reveal.getByRole('note').filter({ hasText: 'Revealing is audited' }).waitFor();
    await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
    await reveal.getByText('Say why in at least 10 characters.').waitFor();
    await reveal.getByLabel('Why do you need this value?').fill(REASON);
    await visited(page, 'dataset-reveal');
    await reveal.getByRole('button', { name: 'Reveal', exact: true }).click();
    await reveal.getByTestId('revealed-value').waitFor();
    expect(await testIdText(page, 'revealed-value')).toBe(`customer${orderId - 1}@example.org`);
    await visited(page, 'dataset-revealed');
    await reveal.getByRole('button', { name: 'Hide the value' }).click();
    expect(await page.locator('main').textContent()).not.toContain('@example.org');

    const granted = (await auditEntries('pii.reveal')).filter((entry) => entry.outcome === 'succeeded');
    expect(granted).toEqual([expect.objectContaining({ actor: `user:${revealerId}`, targetType: 'vault-token', targetId: token, details: { reason: REASON, status: 200 } })]);
    expect(JSON.stringify(await auditEntries('pii.reveal'))).not.toContain('@example.org');
    await page.context().close();
  });

  it("draws each check's measured value over runs with its thresholds, as the results API lists them, with a table alternative", async () => {
    const results = (await api().get('/api/v1/quality/results').query({ sourceId: SOURCE, limit: 500 }).set(bearer(adminToken)).expect(200)).body.items as CheckResultBody[];
    const byCheck = new Map<string, CheckResultBody[]>();
    for (const result of [...results].reverse()) byCheck.set(result.checkId, [...(byCheck.get(result.checkId) ?? []), result]);
    // The page asks for the same results (at most 1000): a dataset of this size has far fewer.
    expect(results.length).toBeLessThan(1000);
    const checkIds = [...byCheck.keys()].sort();
    expect(checkIds.length).toBeGreaterThan(0);

    const page = await signedIn(ENGINEER);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Quality' }).click();
    await page.getByRole('link', { name: `Check history of ${SOURCE}` }).click();
    await page.waitForURL(/\/quality\/checks\?source=/);
    const charts = page.locator('figure.check-chart');
    await charts.first().waitFor();
    expect(await charts.evaluateAll((figures) => figures.map((figure) => figure.getAttribute('data-check-id')))).toEqual(checkIds);
    for (const checkId of checkIds) {
      const history = byCheck.get(checkId)!;
      const chart = page.locator(`figure.check-chart[data-check-id="${checkId}"]`);
      // One dot per measured run, oldest first, with the API's value.
      expect(await chart.locator('circle').evaluateAll((dots) => dots.map((dot) => [dot.getAttribute('data-run-id'), Number(dot.getAttribute('data-value'))]))).toEqual(
        history.filter((result) => result.measuredValue !== null).map((result) => [result.runId, result.measuredValue]),
      );
      // The newest result's warn and fail bounds as lines.
      const newest = history[history.length - 1];
      const bounds = Object.entries(newest.thresholds).flatMap(([level, threshold]) => Object.entries(threshold).filter(([operator, value]) => operator.startsWith('must') && typeof value === 'number').map(([, value]) => [level, value]));
      expect((await chart.locator('line.threshold').evaluateAll((lines) => lines.map((line) => [line.getAttribute('data-level'), Number(line.getAttribute('data-value'))]))).sort()).toEqual(bounds.sort());
      expect(await chart.getByRole('img').getAttribute('aria-label')).toContain(`over ${history.length} run`);
      // The table alternative lists every run.
      expect(await chart.locator('tbody tr').count()).toBe(history.length);
    }
    // A band only where the API sends one (an anomaly detector's lower and upper); none is made up.
    const banded = results.filter((result) => [result.expected, result.anomaly].some((band) => typeof band?.lower === 'number' && typeof band?.upper === 'number')).length;
    expect((await page.locator('polygon.band').count()) > 0).toBe(banded > 0);
    await visited(page, 'check-history');
    await page.context().close();
  });

  it('edits a new contract version: a validation problem shown at its line, the dry-run of the dataset\'s rows per check, then activation (audited); an analyst gets no Save or Activate', async () => {
    const page = await signedIn(ENGINEER);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click();
    // The source's draft, read off its profile, opens in the editor as the API answers it.
    await page.getByLabel('Start from the draft of').selectOption(SOURCE);
    await page.getByRole('button', { name: 'Load draft' }).click();
    await page.getByText(`Starts from the draft read off the profile of ${SOURCE}.`, { exact: false }).waitFor();
    const draft = (await api().get(`/api/v1/sources/${SOURCE}/contract-draft`).set(bearer(adminToken)).expect(200)).body;
    expect(parseYaml(await page.getByLabel('Contract (YAML)').inputValue())).toEqual(draft);

    await page.getByRole('button', { name: `Version 1.1.0 of ${CONTRACT}` }).click();
    await page.getByRole('heading', { name: 'Version 1.1.0', exact: true }).waitFor();
    expect(await testIdText(page, 'version-active-for')).toBe(SOURCE);
    // Active already: nothing to activate.
    expect(await page.getByRole('button', { name: 'Activate' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Edit as a new version' }).click();
    await page.getByText(`Starts from version 1.1.0 of ${CONTRACT}, as 1.2.0.`, { exact: false }).waitFor();

    const editor = page.getByLabel('Contract (YAML)');
    const stored = await editor.inputValue();
    expect(stored).toMatch(/^version: 1\.2\.0$/m);
    // A kind ODCS does not know, and a tighter colour: the third order's "turquoise" no longer fits.
    const broken = stored.replace(/^kind: DataContract$/m, 'kind: Contract').replace(/maxLength: 12$/m, 'maxLength: 3');
    await editor.fill(broken);
    await page.getByRole('button', { name: 'Validate' }).click();
    const problems = page.getByRole('list', { name: 'Contract problems' }).locator('li');
    await problems.first().waitFor();
    const parsed = parseYaml(broken) as Record<string, unknown>;
    const validation = (await api().post('/api/v1/contracts/validate').set(bearer(adminToken)).send(parsed).expect(200)).body as { valid: boolean; problems: Array<{ path: string; message: string }> };
    expect(validation.valid).toBe(false);
    // Every problem the API names, sorted by the line it points at.
    expect((await problems.evaluateAll((items) => items.map((item) => item.getAttribute('data-path')))).sort()).toEqual(validation.problems.map((problem) => problem.path).sort());
    const kindLine = broken.split('\n').findIndex((line) => line.startsWith('kind:')) + 1;
    expect(await page.locator('li[data-path="/kind"]').first().textContent()).toBe(`Line ${kindLine} /kind ${validation.problems.find((problem) => problem.path === '/kind')!.message}`);
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    await visited(page, 'contract-problems');

    const fixed = broken.replace(/^kind: Contract$/m, 'kind: DataContract');
    await editor.fill(fixed);
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByTestId('validation-result').waitFor();
    const valid = (await api().post('/api/v1/contracts/validate').set(bearer(adminToken)).send(parseYaml(fixed)).expect(200)).body as {
      valid: boolean;
      sources: Array<{ checks: unknown[]; runChecks: unknown[]; windowChecks: unknown[] }>;
      notEvaluated: unknown[];
    };
    const checks = valid.sources.reduce((sum, source) => sum + source.checks.length + source.runChecks.length + source.windowChecks.length, 0);
    const notEvaluated = valid.notEvaluated.length > 0 ? `; ${valid.notEvaluated.length} elements Atlas does not evaluate` : '';
    expect([valid.valid, await testIdText(page, 'validation-result')]).toEqual([true, `Valid: ${checks} checks for ${SOURCE}${notEvaluated}.`]);
    await page.getByRole('button', { name: 'Save version' }).click();
    await page.getByRole('heading', { name: 'Version 1.2.0', exact: true }).waitFor();
    expect(await testIdText(page, 'version-active-for')).toBe('no dataset');

    // The dry-run of the dataset's rows, per check, equal to the API's over the same rows.
    await page.getByLabel('Rows', { exact: true }).fill('50');
    await page.getByRole('button', { name: "Load the dataset's rows" }).click();
    const sample = page.getByLabel(/^Sample/);
    // Polled from here: the page's CSP (rightly) refuses waitForFunction's evaluated string.
    await waitFor(async () => (await sample.inputValue()) !== '', { timeoutMs: 30000, description: "the dataset's rows in the sample" });
    const rows = (await api().get(`/api/v1/datasets/${SOURCE}/rows`).query({ limit: 50 }).set(bearer(adminToken)).expect(200)).body.items as Array<{ recordId: string; values: Record<string, unknown> }>;
    expect(JSON.parse(await sample.inputValue())).toEqual(rows.map((row) => row.values));
    await page.getByRole('button', { name: 'Dry-run' }).click();
    await page.getByTestId('dry-run-summary').waitFor();
    const dryRun = (await api().post(`/api/v1/contracts/${CONTRACT}/versions/1.2.0/dry-run`).set(bearer(adminToken)).send({ sourceId: SOURCE, records: rows.map((row) => row.values) }).expect(200)).body as DryRunBody;
    expect(dryRun.summary.quarantined).toBe(1);
    expect(await testIdText(page, 'dry-run-summary')).toBe(`${ROWS} records: ${dryRun.summary.valid} valid, 1 would be quarantined, ${dryRun.summary.warned} with warnings.`);
    const expected = new Map<string, string[]>();
    for (const record of dryRun.records) {
      for (const result of record.results) {
        const row = expected.get(result.checkId) ?? [result.checkId, '0', '0', '0', ''];
        const column = result.outcome === 'pass' ? 1 : result.outcome === 'not_evaluated' ? 3 : 2;
        row[column] = String(Number(row[column]) + 1);
        if (column === 2) row[4] = [row[4], rows[record.index].recordId].filter(Boolean).join(', ');
        expected.set(result.checkId, row);
      }
    }
    const shown = await page.getByRole('table', { name: 'Dry-run checks' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-check-id'), ...[...tr.querySelectorAll('td')].slice(3).map((td) => td.textContent)]));
    expect(shown).toEqual([...expected.values()]);
    const turquoise = rows.find((row) => row.values.color === 'turquoise')!;
    expect(shown.filter((row) => row[2] !== '0')).toEqual([[expect.stringContaining('color'), String(ROWS - 1), '1', '0', turquoise.recordId]]);
    await visited(page, 'contract-dry-run');

    // The same version on the source's last Explore rows: protected and judged by the services (the page never sees them), as the API answers.
    await page.getByRole('spinbutton', { name: 'Last Explore rows' }).fill('5');
    await page.getByRole('button', { name: 'Judge the last Explore rows' }).click();
    await page.getByTestId('dry-run-explore').waitFor();
    const onExplore = (await api().post(`/api/v1/contracts/${CONTRACT}/versions/1.2.0/dry-run`).set(bearer(adminToken)).send({ sourceId: SOURCE, explore: { last: 5 } }).expect(200)).body as DryRunBody & {
      explore: { records: number; policyId: string; policyVersion: number };
    };
    expect(onExplore.summary.records).toBe(5);
    expect(await testIdText(page, 'dry-run-summary')).toBe(`5 records: ${onExplore.summary.valid} valid, ${onExplore.summary.quarantined} would be quarantined, ${onExplore.summary.warned} with warnings.`);
    expect(await testIdText(page, 'dry-run-explore')).toBe(`Judged the last 5 Explore rows (5 asked for), protected by policy ${onExplore.explore.policyId} version ${onExplore.explore.policyVersion}.`);

    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByTestId('activation-result').waitFor();
    expect(await testIdText(page, 'activation-result')).toBe(`Version 1.2.0 now checks ${SOURCE}.`);
    await page.getByTestId('version-active-for').filter({ hasText: SOURCE }).waitFor();
    expect((await api().get(`/api/v1/contracts/${CONTRACT}`).set(bearer(adminToken)).expect(200)).body.active).toEqual([expect.objectContaining({ sourceId: SOURCE, version: '1.2.0' })]);
    const audited = [...(await auditEntries('contract.create')), ...(await auditEntries('contract.activate'))].filter((entry) => entry.actor === `user:${engineerId}`);
    expect(audited.map(({ action, targetId, outcome }) => ({ action, targetId, outcome }))).toEqual([
      { action: 'contract.create', targetId: `${CONTRACT}@1.2.0`, outcome: 'succeeded' },
      { action: 'contract.activate', targetId: `${CONTRACT}@1.2.0`, outcome: 'succeeded' },
    ]);
    await page.context().close();

    // An analyst may read, validate and dry-run, not store or activate: neither button shows.
    const analyst = await signedIn(REVEALER);
    await analyst.goto(browser.url(`/contracts?contract=${CONTRACT}&version=1.0.0`));
    await analyst.getByRole('heading', { name: 'Version 1.0.0', exact: true }).waitFor();
    await analyst.getByRole('heading', { name: 'Dry-run version 1.0.0' }).waitFor();
    expect(await analyst.getByRole('button', { name: 'Activate' }).count()).toBe(0);
    await analyst.getByRole('button', { name: 'Edit as a new version' }).click();
    await analyst.getByRole('button', { name: 'Validate' }).waitFor();
    expect(await analyst.getByRole('button', { name: 'Save version' }).count()).toBe(0);
    await api().post(`/api/v1/contracts/${CONTRACT}/versions/1.0.0/activate`).set(bearer(await tokenOf(REVEALER))).expect(403);
    await analyst.context().close();
  });

  it('kept the browser free of script errors and CSP refusals on every page', () => {
    expect(browser.problems).toEqual([]);
  });
});
