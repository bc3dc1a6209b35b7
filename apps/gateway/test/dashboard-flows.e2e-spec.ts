import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Pool } from 'pg';
import request from 'supertest';
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
    // The file connector's spec makes these inputs: a path, a format, an encoding, a delimiter, a quote and a header checkbox.
    await form.getByLabel('Path', { exact: true }).waitFor();
    expect(await form.getByRole('group', { name: 'file configuration' }).locator('label').allTextContents()).toEqual(['Path', 'Format', 'Encoding', 'Delimiter', 'Quote', 'Header']);
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

  it('kept the browser free of script errors and CSP refusals on every page', () => {
    expect(browser.problems).toEqual([]);
  });
});
