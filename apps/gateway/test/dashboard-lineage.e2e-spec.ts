import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { Pool } from 'pg';
import request from 'supertest';
import { PipelineStack, startPipelineStack, stopPipelineStack, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, waitFor } from '@atlas/testing';
import { DashboardBrowser, testIdText, uploadCsvSource, visited } from './dashboard-browser';

const SOURCE = 'lineage-orders';
const CONTRACT = 'lineage-orders-contract';
const ROWS = 12;
const CSV = ['order_id,contact,note', ...Array.from({ length: ROWS }, (_unused, index) => `${index + 1},buyer${index}@example.org,parcel ${index}`), ''].join('\n');
const PROTECT_JOB = `job:atlas.${SOURCE}:pii-detection.protect`;
const VIEWER_EMAIL = 'lineage-viewer@atlas.test';
const VIEWER_PASSWORD = 'a-password-for-the-lineage-viewer';

interface GraphBody {
  graph: Array<{ id: string; type: 'DATASET' | 'JOB' }>;
}

interface ColumnReferenceBody {
  namespace: string;
  name: string;
  field: string;
}

interface ColumnsBody {
  edges: Array<{ input: ColumnReferenceBody; output: ColumnReferenceBody; masking: boolean }>;
}

interface PropagationBody {
  unmaskedDownstream: ColumnReferenceBody[];
  maskedAt: Array<{ column: ColumnReferenceBody; from: ColumnReferenceBody }>;
}

const datasetId = (column: { namespace: string; name: string }) => `dataset:${column.namespace}:${column.name}`;
const edgeKey = (edge: ColumnsBody['edges'][number]) => JSON.stringify([datasetId(edge.input), edge.input.field, datasetId(edge.output), edge.output.field]);
/** A `datetime-local` value (local time, minutes) for a time: what a person types. */
const localInput = (time: Date) => new Date(time.getTime() - time.getTimezoneOffset() * 60000).toISOString().slice(0, 16);

describe('dashboard lineage: levels each way, columns, masking and PII, asOf, record provenance, in headless Chromium', () => {
  const files = mkdtempSync(join(tmpdir(), 'atlas-dashboard-lineage-'));
  let stack: PipelineStack;
  let database: Pool;
  let adminToken: string;
  let runId: string;
  let dashboard: DashboardBrowser;

  const api = () => request(stack.services.gateway.baseUrl);
  const asAdmin = () => ({ Authorization: `Bearer ${adminToken}` });
  const graphOf = async (query: Record<string, string | number>) => (await api().get('/api/v1/lineage').query({ maxNodes: 1000, ...query }).set(asAdmin()).expect(200)).body as GraphBody;
  const drawnIds = async (page: Page) => (await page.locator('svg [data-node-id]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-id')!))).filter((id) => !id.startsWith('more:')).sort();
  const idsOf = (graph: GraphBody) => graph.graph.map((node) => node.id).sort();

  async function openLineage(path: string): Promise<Page> {
    const page = await dashboard.openPage();
    await dashboard.signIn(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await page.goto(dashboard.url(path));
    await page.getByRole('heading', { name: 'Lineage' }).waitFor();
    return page;
  }

  /** Waits until the graph drawn is exactly the API's graph for these levels. */
  async function expectDrawn(page: Page, expected: string[]): Promise<void> {
    await waitFor(async () => JSON.stringify(await drawnIds(page)) === JSON.stringify(expected), { timeoutMs: 15000, description: `the graph of ${expected.length} nodes drawn` });
  }

  beforeAll(async () => {
    ({ stack, database } = await startPipelineStack(5000, { CONNECTOR_FILE_DIRECTORY: files }));
    adminToken = (await api().post('/api/v1/auth/login').send({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }).expect(200)).body.accessToken;
    await api().post('/api/v1/users').set(asAdmin()).send({ email: VIEWER_EMAIL, password: VIEWER_PASSWORD, role: 'viewer' }).expect(201);
    const properties = [{ name: 'order_id', logicalType: 'string', primaryKey: true, required: true }, { name: 'contact', logicalType: 'string' }, { name: 'note', logicalType: 'string' }];
    ({ runId } = await uploadCsvSource(stack.services.gateway.baseUrl, database, asAdmin(), { source: SOURCE, contract: CONTRACT, properties, fileName: 'orders.csv', csv: CSV, rows: ROWS }));
    dashboard = await DashboardBrowser.launch(stack.services.gateway.baseUrl);
  }, 300000);

  afterAll(async () => {
    await dashboard?.close();
    await stopPipelineStack({ stack, database });
    rmSync(files, { recursive: true, force: true });
  });

  it('walks upstream and downstream one level at a time, each on its own, drawing what the API answers for those levels', async () => {
    const page = await openLineage(`/lineage?node=${encodeURIComponent(PROTECT_JOB)}`);
    await expectDrawn(page, idsOf(await graphOf({ nodeId: PROTECT_JOB, upstreamDepth: 1, downstreamDepth: 1 })));
    expect([await testIdText(page, 'levels-upstream'), await testIdText(page, 'levels-downstream')]).toEqual(['1', '1']);

    await page.getByRole('button', { name: 'One more level upstream' }).click();
    await page.waitForURL(/[?&]up=2/);
    const upTwo = idsOf(await graphOf({ nodeId: PROTECT_JOB, upstreamDepth: 2, downstreamDepth: 1 }));
    expect(upTwo.length).toBeGreaterThan(idsOf(await graphOf({ nodeId: PROTECT_JOB, upstreamDepth: 1, downstreamDepth: 1 })).length);
    await expectDrawn(page, upTwo);

    await page.getByRole('button', { name: 'One more level downstream' }).click();
    await page.waitForURL(/[?&]down=2/);
    await expectDrawn(page, idsOf(await graphOf({ nodeId: PROTECT_JOB, upstreamDepth: 2, downstreamDepth: 2 })));

    await page.getByRole('button', { name: 'One level fewer upstream' }).click();
    await page.getByRole('button', { name: 'One level fewer upstream' }).click();
    await page.waitForURL(/[?&]up=0/);
    await expectDrawn(page, idsOf(await graphOf({ nodeId: PROTECT_JOB, upstreamDepth: 0, downstreamDepth: 2 })));
    expect(await page.getByRole('button', { name: 'One level fewer upstream' }).isDisabled()).toBe(true);
    // Nothing upstream is drawn: the protection job's inputs wait behind its "N more".
    await page.locator(`[data-node-id="more:upstream:${PROTECT_JOB}"]`).waitFor();
    await visited(page, 'lineage-levels');
    await page.context().close();
  });

  it('draws column edges from the column lineage API, masked ones dashed with a legend, and highlights where a column’s personal data goes', async () => {
    // The API first: a job has no columns, a viewer may not read lineage.
    await api().get('/api/v1/lineage/columns').query({ nodeId: PROTECT_JOB }).set(asAdmin()).expect(400);
    const viewerToken = (await api().post('/api/v1/auth/login').send({ email: VIEWER_EMAIL, password: VIEWER_PASSWORD }).expect(200)).body.accessToken;
    await api().get('/api/v1/lineage/columns').query({ nodeId: 'dataset:kafka://atlas:x' }).set({ Authorization: `Bearer ${viewerToken}` }).expect(403);

    const graph = await graphOf({ nodeId: PROTECT_JOB, upstreamDepth: 1, downstreamDepth: 1 });
    const datasets = graph.graph.filter((node) => node.type === 'DATASET').map((node) => node.id);
    const edges = new Map<string, ColumnsBody['edges'][number]>();
    for (const nodeId of datasets) {
      for (const edge of ((await api().get('/api/v1/lineage/columns').query({ nodeId }).set(asAdmin()).expect(200)).body as ColumnsBody).edges) edges.set(edgeKey(edge), edge);
    }
    const drawable = [...edges.values()].filter((edge) => datasets.includes(datasetId(edge.input)) && datasets.includes(datasetId(edge.output)));
    const masked = drawable.filter((edge) => edge.masking);
    // pii-detection masked the e-mail addresses on the way through the protection job.
    expect(masked.map((edge) => edge.input.field)).toContain('contact');

    const page = await openLineage(`/lineage?node=${encodeURIComponent(PROTECT_JOB)}&columns=1`);
    const columnEdges = page.locator('svg.lineage-graph path.column-edge');
    await waitFor(async () => (await columnEdges.count()) === drawable.length, { timeoutMs: 15000, description: `${drawable.length} column edges drawn` });
    expect(await page.locator('svg.lineage-graph path.column-edge[data-masking="true"]').count()).toBe(masked.length);
    // Masked is told by the line's style, not its colour alone, and named in the legend.
    expect(await page.locator('svg.lineage-graph path.column-edge-masked').first().evaluate((path) => (globalThis as unknown as { getComputedStyle(element: unknown): { strokeDasharray: string } }).getComputedStyle(path).strokeDasharray)).not.toBe('none');
    expect(await page.getByRole('group', { name: 'Legend' }).textContent()).toContain('dashed: masked');

    // Trace the contact column where it was masked: the API's carriers are highlighted, the masking edge stops them.
    const start = masked.find((edge) => edge.input.field === 'contact')!.input;
    const propagation = (await api().get('/api/v1/lineage/pii-propagation').query(start).set(asAdmin()).expect(200)).body as PropagationBody;
    expect(propagation.maskedAt.map((edge) => [datasetId(edge.from), edge.from.field])).toContainEqual([datasetId(start), 'contact']);
    await page.locator(`g[data-box="${datasetId(start)}"] [data-column="contact"]`).click();
    await page.locator(`g[data-box="${datasetId(start)}"] [data-column="contact"][data-pii="source"]`).waitFor();
    const carriers = await page.locator('svg [data-pii="carrier"]').evaluateAll((rows) => rows.map((row) => JSON.stringify([row.closest('[data-box]')!.getAttribute('data-box'), row.getAttribute('data-column')])));
    const drawnCarriers = propagation.unmaskedDownstream.filter((column) => datasets.includes(datasetId(column))).map((column) => JSON.stringify([datasetId(column), column.field]));
    expect(carriers.sort()).toEqual(drawnCarriers.sort());
    expect(await page.locator('svg.lineage-graph path.column-edge[data-masking="true"][data-pii="true"]').count()).toBe(0);
    await visited(page, 'lineage-columns');

    // The list view: every column edge of the drawn datasets (also those to datasets not drawn), masked ones said in words, where the trace stopped.
    await page.getByRole('button', { name: 'List' }).click();
    const rows = page.getByRole('table', { name: 'Column edges' }).locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(edges.size);
    expect(await page.locator('tr[data-masking="true"] td:nth-child(4)').allTextContents()).toEqual([...edges.values()].filter((edge) => edge.masking).map(() => 'masked'));
    await page.getByRole('button', { name: `Trace personal data from ${start.name} column contact` }).first().waitFor();
    expect(await page.locator('tr[data-masking="true"]').filter({ hasText: 'contact' }).getByTestId('edge-pii').first().textContent()).toBe('stopped here');
    await visited(page, 'lineage-columns-list');
    await page.context().close();
  });

  it('travels in time with asOf: before the pipeline ran the node was not there; at a later time the graph is the API’s for that time', async () => {
    const page = await openLineage(`/lineage?node=${encodeURIComponent(PROTECT_JOB)}`);
    await page.locator(`[data-node-id="${PROTECT_JOB}"]`).waitFor();

    const problemsBefore = dashboard.problems.length;
    await page.getByLabel('As of').fill(localInput(new Date(Date.now() - 24 * 3600 * 1000)));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(/[?&]asOf=/);
    await page.getByRole('alert').filter({ hasText: 'seen by asOf' }).waitFor();
    expect(await page.locator('svg [data-node-id]').count()).toBe(0);
    // The browser logs the expected 404 of that graph as a failed load: that one, and only that, is not a problem of the app.
    expect(dashboard.problems.splice(problemsBefore)).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);

    await page.getByLabel('As of').fill(localInput(new Date(Date.now() + 3600 * 1000)));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await waitFor(async () => new Date(new URL(page.url()).searchParams.get('asOf') ?? 0).getTime() > Date.now(), { timeoutMs: 5000, description: 'the later asOf in the URL' });
    const asOf = new URL(page.url()).searchParams.get('asOf')!;
    await expectDrawn(page, idsOf(await graphOf({ nodeId: PROTECT_JOB, upstreamDepth: 1, downstreamDepth: 1, asOf })));
    expect(await page.getByRole('status').filter({ hasText: 'The graph as it was on' }).count()).toBe(1);
    await visited(page, 'lineage-as-of');

    await page.getByRole('button', { name: 'Back to now' }).click();
    await waitFor(async () => !page.url().includes('asOf='), { timeoutMs: 5000, description: 'asOf gone from the URL' });
    await page.context().close();
  });

  it("opens a Navigate row's record provenance from the Datasets page: its run, source positions, stages and the policy that masked it", async () => {
    const rows = (await api().get(`/api/v1/datasets/${SOURCE}/rows`).query({ limit: 20 }).set(asAdmin()).expect(200)).body as { items: Array<{ recordId: string; runId: string }> };
    expect(rows.items.every((row) => row.runId === runId)).toBe(true);
    const provenance = (await api().get(`/api/v1/lineage/runs/${runId}/provenance`).set(asAdmin()).expect(200)).body as {
      source: { sourceRange?: { first: string; last: string } } | null;
      stages: Array<{ job: { name: string } }>;
      maskingPolicies: Array<{ column: string; policyId: string; policyVersion: number }>;
    };
    expect(provenance.maskingPolicies.map((policy) => policy.column)).toContain('contact');

    const page = await dashboard.openPage();
    await dashboard.signIn(page, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await page.goto(dashboard.url(`/datasets?dataset=${SOURCE}`));
    const first = rows.items[0];
    await page.getByRole('link', { name: `Provenance of record ${first.recordId}` }).click();
    await page.getByRole('heading', { name: 'Record provenance' }).waitFor();
    expect(await testIdText(page, 'provenance-record')).toBe(first.recordId);
    expect(await testIdText(page, 'provenance-run')).toBe(runId);
    const stageRows = page.getByRole('table', { name: 'Stage runs' }).locator('tbody tr');
    await stageRows.first().waitFor();
    expect(await stageRows.evaluateAll((stages) => stages.map((stage) => stage.getAttribute('data-stage')))).toEqual(provenance.stages.map((stage) => stage.job.name));
    if (provenance.source?.sourceRange) expect(await testIdText(page, 'provenance-range')).toBe(`${provenance.source.sourceRange.first} … ${provenance.source.sourceRange.last}`);
    expect(await page.getByRole('list', { name: 'Masking policies' }).locator('li').allTextContents()).toEqual(
      provenance.maskingPolicies.map((policy) => `${policy.column}: policy ${policy.policyId} version ${policy.policyVersion}`),
    );
    // Ids, versions and positions only: never a value.
    expect(await page.locator('main').textContent()).not.toContain('@example.org');
    await visited(page, 'provenance');
    await page.context().close();
  });

  it('kept the browser free of script errors and CSP refusals on every page', () => {
    expect(dashboard.problems).toEqual([]);
  });
});
