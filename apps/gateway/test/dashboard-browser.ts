import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { Pool } from 'pg';
import request from 'supertest';
import { launchHeadlessChromium } from '../../../scripts/headless-chromium';
import { waitForRuns } from '../../../scripts/pipeline-client';
import { waitFor } from '@atlas/testing';

/**
 * What the dashboard's browser tests share (dashboard*.e2e-spec.ts): Debian's Chromium driven by
 * playwright-core, the sign-in, axe-core's check of every page visited and the screenshots of it,
 * and the CSV source they start from.
 */

/** Set to a directory (docs/screenshots keeps the README's) to keep a screenshot of every page at desktop and phone sizes. */
const SCREENSHOTS = process.env.ATLAS_DASHBOARD_SCREENSHOTS;
export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const AXE_SOURCE = readFileSync(require.resolve('axe-core'), 'utf8');
/** The axe-core impacts that fail a page. */
const BLOCKING_IMPACTS = ['serious', 'critical'];

export class DashboardBrowser {
  /** Script errors and CSP refusals on any page: a failure of the app, whatever the page shows. */
  readonly problems: string[] = [];

  private constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  static async launch(baseUrl: string): Promise<DashboardBrowser> {
    return new DashboardBrowser(await launchHeadlessChromium(), baseUrl);
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  async openPage(viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<Page> {
    const context = await this.browser.newContext({ viewport });
    const page = await context.newPage();
    page.on('console', (message) => message.type() === 'error' && this.problems.push(message.text()));
    page.on('pageerror', (error) => this.problems.push(error.message));
    return page;
  }

  /** Signs in through the sign-in page; `onSignInPage` runs once its form shows (to check or photograph it). */
  async signIn(page: Page, email: string, password: string, onSignInPage?: (page: Page) => Promise<void>): Promise<void> {
    await page.goto(this.url('/'));
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('E-mail').waitFor();
    await onSignInPage?.(page);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  }

  close(): Promise<void> {
    return this.browser.close();
  }
}

/**
 * axe-core's check of the page as shown: no serious or critical violation. Its source is evaluated
 * through the DevTools protocol, which the app's CSP (no inline scripts) rightly refuses as a script tag.
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate<boolean>("typeof axe !== 'undefined'"))) await page.evaluate(AXE_SOURCE);
  // A string, evaluated in the page (this project's types have no DOM).
  const violations = await page.evaluate<Array<{ id: string; impact: string | null; targets: string[] }>>(
    "axe.run(document, { resultTypes: ['violations'] }).then((results) => results.violations.map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target.join(' ')) })))",
  );
  expect({ page: name, violations: violations.filter((violation) => BLOCKING_IMPACTS.includes(violation.impact ?? '')) }).toEqual({ page: name, violations: [] });
}

/** Every page the tests visit: checked by axe-core, and photographed at both sizes when asked (exactly the viewport). */
export async function visited(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size}.png`) });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}

/** The trimmed text of the element with this test id. */
export async function testIdText(page: Page, testId: string): Promise<string | undefined> {
  return (await page.getByTestId(testId).textContent())?.trim();
}

export interface CsvSource {
  source: string;
  contract: string;
  /** The contract's properties (the first is the primary key). */
  properties: Array<Record<string, unknown>>;
  fileName: string;
  csv: string;
  rows: number;
}

/**
 * Activates the source's contract, uploads its CSV and waits until the pipeline settled: the run
 * succeeded and was scored, PII findings and the pipeline's lineage are in.
 */
export async function uploadCsvSource(baseUrl: string, database: Pool, headers: Record<string, string>, input: CsvSource): Promise<{ runId: string; navigated: number }> {
  const api = () => request(baseUrl);
  const contract = { apiVersion: 'v3.1.0', kind: 'DataContract', id: input.contract, version: '1.0.0', status: 'active', schema: [{ name: input.source, properties: input.properties }] };
  await api().post('/api/v1/contracts').set(headers).send(contract).expect(201);
  await api().post(`/api/v1/contracts/${input.contract}/versions/1.0.0/activate`).set(headers).expect(200);
  const upload = await api().post(`/api/v1/sources/${input.source}/uploads?name=${encodeURIComponent(input.fileName)}`).set(headers).set('content-type', 'application/octet-stream').send(Buffer.from(input.csv)).expect(202);
  const runId: string = upload.body.run.runId;
  // Let the pipeline settle, so the figures the page shows and the API's answers cannot drift apart.
  const { navigated } = await waitForRuns(database, [runId], input.rows, 90000);
  await waitFor(async () => (await api().get('/api/v1/source-runs').query({ sourceId: input.source }).set(headers)).body.items[0]?.state === 'succeeded', { timeoutMs: 30000, description: 'the upload run to succeed' });
  await waitFor(async () => (await api().get('/api/v1/quality/scores').query({ sourceId: input.source }).set(headers)).body.runs?.length === 1, { timeoutMs: 30000, description: 'the run to be scored' });
  await waitFor(async () => (await api().get('/api/v1/pii/findings').query({ sourceId: input.source }).set(headers)).body.items.length > 0, { timeoutMs: 30000, description: 'PII findings of the source' });
  const protect = `job:atlas.${input.source}:pii-detection.protect`;
  await waitFor(async () => (await api().get('/api/v1/lineage').query({ nodeId: protect, depth: 1 }).set(headers)).status === 200, { timeoutMs: 30000, description: 'the lineage of the pipeline' });
  return { runId, navigated };
}
