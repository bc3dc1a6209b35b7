import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Pool } from 'pg';
import request from 'supertest';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, waitFor } from '@atlas/testing';
import { DashboardBrowser, testIdText, uploadCsvSource, visited } from './dashboard-browser';

/** The dataset page's rows per page (apps/dashboard/src/datasets/dataset-rows-table.tsx). */
const DATASET_PAGE = 20;

const SOURCE = 'dash-orders';
const CONTRACT = 'dash-orders-contract';
const ROWS = 24;
// The third order's colour is longer than the contract allows: one record is quarantined.
const CSV = ['order_id,color,contact', ...Array.from({ length: ROWS }, (_unused, index) => `${index + 1},${index === 2 ? 'turquoise' : 'red'},customer${index}@example.org`), ''].join('\n');
const VIEWER_EMAIL = 'viewer@atlas.test';
const VIEWER_PASSWORD = 'a-password-for-the-dashboard-viewer';
const PROTECT_JOB = `job:atlas.${SOURCE}:pii-detection.protect`;
const ANALYST_EMAIL = 'analyst@atlas.test';
const ANALYST_PASSWORD = 'a-password-for-the-dashboard-analyst';
const POLICY = 'dash-orders-policy';

interface FindingBody {
  sourceId: string;
  field: string;
  entityType: string;
  findings: number;
}

interface ClassificationBody {
  field: string;
  class: string;
  entityType: string | null;
  decidedBy: string;
}

interface DatasetRowBody {
  recordId: string;
  values: Record<string, unknown>;
}

interface RunBody {
  runId: string;
  state: string;
  recordsRead: number;
  recordsPublished: number;
  recordsDeadLettered: number;
}

describe('dashboard: the built app in headless Chromium against the running stack', () => {
  const files = mkdtempSync(join(tmpdir(), 'atlas-dashboard-uploads-'));
  let stack: PipelineStack;
  let database: Pool;
  let browser: DashboardBrowser;
  let adminToken: string;
  let firstRunId: string;
  let navigated: number;
  let signInChecked = false;

  const api = () => request(stack.services.gateway.baseUrl);
  const asAdmin = () => ({ Authorization: `Bearer ${adminToken}` });
  const url = (path: string) => browser.url(path);
  const openPage = () => browser.openPage();

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await browser.signIn(page, email, password, async (signInPage) => {
      if (signInChecked) return;
      signInChecked = true;
      await visited(signInPage, 'sign-in');
    });
  }

  const text = testIdText;

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(5600, { CONNECTOR_FILE_DIRECTORY: files }));
    adminToken = (await api().post('/api/v1/auth/login').send({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }).expect(200)).body.accessToken;
    await api().post('/api/v1/users').set(asAdmin()).send({ email: VIEWER_EMAIL, password: VIEWER_PASSWORD, role: 'viewer' }).expect(201);
    await api().post('/api/v1/users').set(asAdmin()).send({ email: ANALYST_EMAIL, password: ANALYST_PASSWORD, role: 'analyst' }).expect(201);

    const properties = [{ name: 'order_id', logicalType: 'string', primaryKey: true, required: true }, { name: 'color', logicalType: 'string', logicalTypeOptions: { maxLength: 5 } }, { name: 'contact', logicalType: 'string' }];
    ({ runId: firstRunId, navigated } = await uploadCsvSource(stack.services.gateway.baseUrl, database, asAdmin(), { source: SOURCE, contract: CONTRACT, properties, fileName: 'orders.csv', csv: CSV, rows: ROWS }));

    browser = await DashboardBrowser.launch(stack.services.gateway.baseUrl);
  }, 300000);

  afterAll(async () => {
    await browser?.close();
    await stopPipelineStack({ stack, database });
    rmSync(files, { recursive: true, force: true });
  });

  it('is served at / with a CSP of its own, client routes fall back to it, and the API paths stay the API', async () => {
    const index = await api().get('/sources/anything').expect(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.text).toContain('<div id="root"></div>');
    const policy = index.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(policy).toContain("frame-ancestors 'none'");

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)![1];
    const asset = await api().get(script).expect(200);
    expect({ type: asset.headers['content-type'], cache: asset.headers['cache-control'] }).toEqual({ type: expect.stringMatching(/javascript/), cache: 'public, max-age=31536000, immutable' });
    await api().get('/assets/missing.js').expect(404);

    const unknownApi = await api().get('/api/v1/no-such-thing').set(asAdmin()).expect(404);
    expect(unknownApi.headers['content-type']).toMatch(/json/);
    expect(unknownApi.headers['content-security-policy']).toContain("default-src 'none'");
    await api().get('/health/ready').expect(200);
    expect((await api().get('/metrics').set(asAdmin())).headers['content-type']).not.toMatch(/html/);
  });

  it('tells a signed-in user who they are (GET /api/v1/auth/me), which the app uses to hide what the role may not do', async () => {
    await api().get('/api/v1/auth/me').expect(401);
    const viewerToken = (await api().post('/api/v1/auth/login').send({ email: VIEWER_EMAIL, password: VIEWER_PASSWORD }).expect(200)).body.accessToken;
    const me = await api().get('/api/v1/auth/me').set({ Authorization: `Bearer ${viewerToken}` }).expect(200);
    expect(me.body).toEqual({ kind: 'user', id: expect.any(String), role: 'viewer', permissions: ['runs:read', 'quality:read'] });
    expect(me.headers['cache-control']).toBe('no-store');
  });

  it('signs an admin in and shows the overview figures the API gives', async () => {
    const page = await openPage();
    await signIn(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);

    const runs = (await api().get('/api/v1/source-runs').query({ limit: 50 }).set(asAdmin()).expect(200)).body.items as RunBody[];
    const sum = (field: keyof RunBody) => runs.reduce((total, run) => total + Number(run[field]), 0);
    const quarantined = (await api().get('/api/v1/quarantine/records').query({ limit: 500 }).set(asAdmin()).expect(200)).body.items.length;
    const findings = (await api().get('/api/v1/pii/findings').query({ limit: 500 }).set(asAdmin()).expect(200)).body.items as Array<{ findings: number }>;
    const scores = (await api().get('/api/v1/quality/scores').query({ sourceId: SOURCE, runs: 10 }).set(asAdmin()).expect(200)).body as { dataset: { score: number }; runs: Array<{ runId: string; score: number | null }> };
    const score = scores.dataset.score;
    expect({ read: sum('recordsRead'), quarantined }).toEqual({ read: ROWS, quarantined: 1 });

    await page.getByTestId(`score-${SOURCE}`).filter({ hasText: '%' }).waitFor();
    await page.getByTestId('metric-pii-findings').filter({ hasText: /^\d/ }).waitFor();
    expect({
      active: await text(page, 'metric-active-runs'),
      read: await text(page, 'metric-records-read'),
      published: await text(page, 'metric-records-published'),
      deadLetters: await text(page, 'metric-dead-letters'),
      quarantined: await text(page, 'metric-quarantined'),
      findings: await text(page, 'metric-pii-findings'),
      score: await text(page, `score-${SOURCE}`),
    }).toEqual({
      active: '0',
      read: String(sum('recordsRead')),
      published: String(sum('recordsPublished')),
      deadLetters: String(sum('recordsDeadLettered')),
      quarantined: String(quarantined),
      findings: String(findings.reduce((total, row) => total + row.findings, 0)),
      score: `${score.toFixed(1)}%`,
    });
    await visited(page, 'overview');

    // Quality: the score per dataset and the quarantined record with the check it failed.
    await page.getByRole('link', { name: 'Quality' }).click();
    const quarantine = page.getByRole('table', { name: 'Quarantined records' });
    await quarantine.waitFor();
    expect(await quarantine.locator('tbody tr').count()).toBe(1);
    expect(await quarantine.locator('tbody tr').first().textContent()).toContain('color');
    // The score history: one dot per scored run, as the API lists them.
    const history = page.getByTestId(`score-history-${SOURCE}`);
    await history.waitFor();
    const scoredRuns = scores.runs.filter((run) => run.score !== null);
    expect(await history.locator('circle').evaluateAll((dots) => dots.map((dot) => dot.getAttribute('data-run-id')))).toEqual(scoredRuns.map((run) => run.runId).reverse());
    expect(await history.getAttribute('aria-label')).toBe(`Score history of ${SOURCE}: 1 run, from ${scoredRuns[0].score!.toFixed(1)}% to ${scoredRuns[0].score!.toFixed(1)}%`);
    await visited(page, 'quality');
    await page.context().close();
  });

  it('lists sources and runs, starts a run from the page and shows it', async () => {
    const page = await openPage();
    await signIn(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Sources and runs' }).click();
    await page.getByRole('link', { name: SOURCE, exact: true }).first().waitFor();
    await visited(page, 'sources');

    await page.getByRole('link', { name: SOURCE, exact: true }).first().click();
    await page.getByRole('heading', { name: SOURCE }).waitFor();
    await page.locator(`tr[data-run-id="${firstRunId}"]`).waitFor();
    await page.getByRole('button', { name: 'Start run' }).click();

    let started: RunBody | undefined;
    await waitFor(
      async () => {
        const items = (await api().get('/api/v1/source-runs').query({ sourceId: SOURCE }).set(asAdmin())).body.items as RunBody[];
        started = items.find((run) => run.runId !== firstRunId);
        return started !== undefined;
      },
      { timeoutMs: 15000, description: 'the run started from the page' },
    );
    // The page polls: the new run appears, and reaches its end state without a reload.
    await page.locator(`tr[data-run-id="${started!.runId}"]`).waitFor();
    let ended: RunBody | undefined;
    await waitFor(
      async () => {
        ended = (await api().get(`/api/v1/source-runs/${started!.runId}`).set(asAdmin())).body;
        return ended?.state === 'succeeded';
      },
      { timeoutMs: 60000, description: 'the started run to succeed' },
    );
    await page.locator(`tr[data-run-id="${started!.runId}"] .badge-succeeded`).waitFor({ timeout: 10000 });
    // The file source resumes from its checkpoint: the page shows the counts the API has for this run.
    const cells = await page.locator(`tr[data-run-id="${started!.runId}"] td.number`).allTextContents();
    expect(cells).toEqual([ended!.recordsRead, ended!.recordsPublished, ended!.recordsDeadLettered].map(String));
    await visited(page, 'source');
    await page.context().close();
  });

  it("draws a source's lineage with elkjs as SVG, expands a hidden neighbour, and lists the same nodes", async () => {
    const page = await openPage();
    await signIn(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await page.getByRole('link', { name: 'Sources and runs' }).click();
    await page.getByRole('row', { name: new RegExp(SOURCE) }).getByRole('link', { name: 'Lineage' }).click();
    await page.waitForURL(/\/lineage\?node=/);
    await page.locator(`[data-node-id="${PROTECT_JOB}"]`).waitFor();

    const graph = (await api().get('/api/v1/lineage').query({ nodeId: PROTECT_JOB, upstreamDepth: 1, downstreamDepth: 1, maxNodes: 100 }).set(asAdmin()).expect(200)).body as {
      graph: Array<{ id: string; moreUpstream: number; moreDownstream: number }>;
    };
    const drawnIds = await page.locator('svg [data-node-id]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-id')!));
    const lineageIds = drawnIds.filter((id) => !id.startsWith('more:')).sort();
    expect(lineageIds).toEqual(graph.graph.map((node) => node.id).sort());
    const withHidden = graph.graph.filter((node) => node.moreUpstream > 0 || node.moreDownstream > 0).map((node) => node.id);
    expect(withHidden.length).toBeGreaterThan(0);
    expect(drawnIds.filter((id) => id.startsWith('more:')).map((id) => id.replace(/^more:(upstream|downstream):/, '')).sort()).toEqual(
      graph.graph.flatMap((node) => [...(node.moreUpstream > 0 ? [node.id] : []), ...(node.moreDownstream > 0 ? [node.id] : [])]).sort(),
    );
    // Laid out left to right: the protection job's inputs are left of it, its outputs right.
    const xOf = async (id: string) => (await page.locator(`[data-node-id="${id}"]`).boundingBox())!.x;
    const protectX = await xOf(PROTECT_JOB);
    const protectNode = graph.graph.find((node) => node.id === PROTECT_JOB) as unknown as { inEdges: Array<{ origin: string }>; outEdges: Array<{ destination: string }> };
    for (const edge of protectNode.inEdges) expect(await xOf(edge.origin)).toBeLessThan(protectX);
    for (const edge of protectNode.outEdges) expect(await xOf(edge.destination)).toBeGreaterThan(protectX);
    await visited(page, 'lineage');

    // "N more": expanding it fetches one more level and draws more nodes.
    const before = lineageIds.length;
    await page.locator('svg [data-node-id^="more:"]').first().click();
    await waitFor(async () => (await page.locator('svg [data-node-id]:not([data-node-id^="more:"])').count()) > before, { timeoutMs: 15000, description: 'the expanded neighbours' });
    const expandedCount = await page.locator('svg [data-node-id]:not([data-node-id^="more:"])').count();

    // The list view is the accessible alternative: one row per node of the graph.
    await page.getByRole('button', { name: 'List' }).click();
    const rows = page.getByRole('table', { name: 'Lineage nodes' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThanOrEqual(before);
    await visited(page, 'lineage-list');
    expect(expandedCount).toBeGreaterThan(before);
    await page.context().close();
  });

  it('Personal data: counts equal the API, a classification overridden and confirmed from the page, the diff of two policy versions', async () => {
    // Two versions of a policy: v2 masks e-mail addresses instead of replacing them and adds a rule for phone numbers.
    const v1 = { sourceId: SOURCE, rules: { DEFAULT: { operator: 'replace' }, EMAIL_ADDRESS: { operator: 'replace' } } };
    const v2 = { sourceId: SOURCE, rules: { DEFAULT: { operator: 'replace' }, EMAIL_ADDRESS: { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } }, PHONE_NUMBER: { operator: 'redact' } } };
    await api().put(`/api/v1/policies/${POLICY}`).set(asAdmin()).send(v1).expect(201);
    await api().put(`/api/v1/policies/${POLICY}`).set(asAdmin()).send(v2).expect(201);
    const storedFirst = await api().get(`/api/v1/policies/${POLICY}/versions/1`).set(asAdmin()).expect(200);
    expect(storedFirst.body).toMatchObject({ policyId: POLICY, version: 1, rules: v1.rules });
    expect((await api().get('/api/v1/policies').set(asAdmin()).expect(200)).body.items.map((policy: { policyId: string; version: number }) => `${policy.policyId}@${policy.version}`)).toEqual(
      expect.arrayContaining(['default@1', `${POLICY}@2`]),
    );

    const page = await openPage();
    await signIn(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Personal data' }).click();
    await page.getByRole('heading', { name: 'Personal data' }).waitFor();

    // Counts: the page's totals per entity type and per dataset are the API's rows summed.
    const findings = (await api().get('/api/v1/pii/findings').query({ limit: 500 }).set(asAdmin()).expect(200)).body.items as FindingBody[];
    const sumWhere = (match: (row: FindingBody) => boolean) => String(findings.filter(match).reduce((total, row) => total + row.findings, 0));
    const entityTypes = [...new Set(findings.map((row) => row.entityType))].sort();
    expect(entityTypes).toContain('EMAIL_ADDRESS');
    await page.getByTestId('metric-findings-total').filter({ hasText: /^\d/ }).waitFor();
    expect({
      total: await text(page, 'metric-findings-total'),
      dataset: await text(page, `dataset-findings-${SOURCE}`),
      entities: await Promise.all(entityTypes.map((entityType) => text(page, `entity-findings-${entityType}`))),
      columns: await page.getByRole('table', { name: 'Findings by column' }).locator('tbody tr').count(),
    }).toEqual({
      total: sumWhere(() => true),
      dataset: sumWhere((row) => row.sourceId === SOURCE),
      entities: entityTypes.map((entityType) => sumWhere((row) => row.entityType === entityType)),
      columns: findings.length,
    });
    // Counts, never values.
    expect(await page.locator('main').textContent()).not.toContain('@example.org');

    // Classifications: override "color" to identifier and confirm "contact" as the sampler had it.
    const classifications = page.getByRole('table', { name: 'Column classifications' });
    await classifications.waitFor();
    const before = (await api().get('/api/v1/pii/classifications').query({ sourceId: SOURCE, limit: 500 }).set(asAdmin()).expect(200)).body.items as ClassificationBody[];
    const contactBefore = before.find((column) => column.field === 'contact')!;
    expect(await text(page, 'class-contact')).toBe(contactBefore.class);
    await page.getByLabel('Class for color').selectOption('identifier');
    await page.getByRole('button', { name: 'Override for color' }).click();
    await page.getByTestId('decided-color').filter({ hasText: 'user' }).waitFor();
    if (contactBefore.decidedBy === 'sampler') {
      await page.getByRole('button', { name: 'Confirm for contact' }).click();
      await page.getByTestId('decided-contact').filter({ hasText: 'user' }).waitFor();
    }
    const after = (await api().get('/api/v1/pii/classifications').query({ sourceId: SOURCE, limit: 500 }).set(asAdmin()).expect(200)).body.items as ClassificationBody[];
    expect(after.find((column) => column.field === 'color')).toMatchObject({ class: 'identifier', entityType: null, decidedBy: 'user' });
    expect(after.find((column) => column.field === 'contact')).toMatchObject({ class: contactBefore.class, entityType: contactBefore.entityType, decidedBy: 'user' });
    expect(await text(page, 'class-color')).toBe('identifier');

    // Policies: choosing one compares its newest version with the one before.
    await page.getByRole('table', { name: 'Policies' }).getByRole('button', { name: POLICY }).click();
    const changes = page.getByRole('table', { name: 'Policy changes' });
    await changes.waitFor();
    const rows = await changes.locator('tbody tr').evaluateAll((cells) => cells.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent)));
    expect(rows).toEqual([
      ['Entity type', 'EMAIL_ADDRESS', 'changed', 'replace', 'mask {"keepLast":4,"maskingChar":"*"}'],
      ['Entity type', 'PHONE_NUMBER', 'added', '—', 'redact'],
    ]);
    expect(page.url()).toContain(`policy=${POLICY}`);
    await visited(page, 'personal-data');
    await page.context().close();

    // An analyst reads all of it but gets no controls to change a classification (pii:admin).
    const analystPage = await openPage();
    await signIn(analystPage, ANALYST_EMAIL, ANALYST_PASSWORD);
    await analystPage.goto(url(`/personal-data?source=${SOURCE}`));
    await analystPage.getByRole('table', { name: 'Column classifications' }).locator('tbody tr').first().waitFor();
    await analystPage.getByTestId(`dataset-findings-${SOURCE}`).waitFor();
    expect(await analystPage.getByRole('button', { name: /^(Override|Confirm) for / }).count()).toBe(0);
    expect(await analystPage.getByRole('columnheader', { name: 'Decision' }).count()).toBe(0);
    await analystPage.context().close();
  });

  it("Datasets: the typed table's row count, its rows page by page (masked values only) and the source's profile, as the API gives them", async () => {
    const analystToken = (await api().post('/api/v1/auth/login').send({ email: ANALYST_EMAIL, password: ANALYST_PASSWORD }).expect(200)).body.accessToken;
    const asAnalyst = { Authorization: `Bearer ${analystToken}` };
    const list = (await api().get('/api/v1/datasets').set(asAnalyst).expect(200)).body as { items: Array<{ datasetId: string; columns: Array<{ name: string }> }> };
    const dataset = list.items.find((item) => item.datasetId === SOURCE)!;
    expect(dataset.columns.map((column) => column.name)).toEqual(['order_id', 'color', 'contact']);
    const detail = (await api().get(`/api/v1/datasets/${SOURCE}`).set(asAnalyst).expect(200)).body as { rowCount: number };
    // The typed rows commit with the Navigate rows: every record that was not quarantined.
    expect(detail.rowCount).toBe(navigated);
    const firstPage = (await api().get(`/api/v1/datasets/${SOURCE}/rows`).query({ limit: DATASET_PAGE }).set(asAnalyst).expect(200)).body as { items: DatasetRowBody[]; nextCursor: string };
    const secondPage = (await api().get(`/api/v1/datasets/${SOURCE}/rows`).query({ limit: DATASET_PAGE, cursor: firstPage.nextCursor }).set(asAnalyst).expect(200)).body as { items: DatasetRowBody[] };
    expect([firstPage.items.length, secondPage.items.length]).toEqual([DATASET_PAGE, navigated - DATASET_PAGE]);
    const cells = (rows: DatasetRowBody[]) => rows.map((row) => dataset.columns.map((column) => (row.values[column.name] === null ? '—' : String(row.values[column.name]))));
    const profile = (await api().get(`/api/v1/sources/${SOURCE}/profile`).set(asAnalyst).expect(200)).body as { fields: Array<{ name: string; inferredType: string; nullRate: number; distinctEstimate: number }> };

    const page = await openPage();
    await signIn(page, ANALYST_EMAIL, ANALYST_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
    await page.getByRole('table', { name: 'Datasets' }).getByRole('button', { name: SOURCE }).click();
    await page.getByTestId('metric-dataset-rows').filter({ hasText: /^\d/ }).waitFor();
    expect(await text(page, 'metric-dataset-rows')).toBe(String(detail.rowCount));

    const tableRows = page.getByRole('table', { name: 'Dataset rows' }).locator('tbody tr');
    const shownCells = () => tableRows.evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td:not(.row-actions)')].map((cell) => cell.textContent)));
    await tableRows.first().waitFor();
    expect(await shownCells()).toEqual(cells(firstPage.items));
    // Masked values only: the contact column holds pii-detection's replacement, never an address.
    expect(await page.locator('main').textContent()).not.toContain('@example.org');

    const profileRows = page.getByRole('table', { name: 'Field profile' }).locator('tbody tr');
    await profileRows.first().waitFor();
    expect(await profileRows.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-field')))).toEqual(profile.fields.map((field) => field.name));
    expect(await Promise.all(profile.fields.map(async (field) => [await text(page, `null-rate-${field.name}`), await text(page, `distinct-${field.name}`)]))).toEqual(
      profile.fields.map((field) => [`${(field.nullRate * 100).toFixed(1)}%`, String(field.distinctEstimate)]),
    );
    await visited(page, 'datasets');

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.locator(`tr[data-record-id="${secondPage.items[0].recordId}"]`).waitFor();
    expect(await shownCells()).toEqual(cells(secondPage.items));
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.context().close();
  });

  it('shows a viewer only what a viewer may see: no lineage, no personal data, no sources, no findings or quarantine, no run buttons', async () => {
    const page = await openPage();
    await signIn(page, VIEWER_EMAIL, VIEWER_PASSWORD);
    const navigation = page.getByRole('navigation', { name: 'Main' });
    expect(await navigation.getByRole('link').allTextContents()).toEqual(['Overview', 'Sources and runs', 'Quality']);
    await page.getByTestId('metric-records-read').filter({ hasText: /^\d/ }).waitFor();
    expect(await page.getByTestId('metric-pii-findings').count()).toBe(0);
    expect(await page.getByTestId('metric-quarantined').count()).toBe(0);
    await visited(page, 'overview-viewer');

    await navigation.getByRole('link', { name: 'Sources and runs' }).click();
    await page.getByRole('heading', { name: 'Recent runs' }).waitFor();
    await page.locator('tr[data-run-id]').first().waitFor();
    expect(await page.getByRole('heading', { name: 'Sources', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Start|Cancel/ }).count()).toBe(0);

    await navigation.getByRole('link', { name: 'Quality' }).click();
    await page.getByRole('heading', { name: 'Scores per dataset' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Quarantine' }).count()).toBe(0);

    await page.goto(url(`/lineage?node=${encodeURIComponent(PROTECT_JOB)}`));
    await page.getByRole('alert').filter({ hasText: 'may not see this page' }).waitFor();
    expect(await page.locator('svg [data-node-id]').count()).toBe(0);

    await page.goto(url('/personal-data'));
    await page.getByRole('alert').filter({ hasText: 'may not see this page' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);

    await page.goto(url(`/datasets?dataset=${SOURCE}`));
    await page.getByRole('alert').filter({ hasText: 'may not see this page' }).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    await visited(page, 'not-permitted-viewer');
    await page.context().close();
  });

  it('kept the browser free of script errors and CSP refusals on every page', () => {
    expect(browser.problems).toEqual([]);
  });
});
