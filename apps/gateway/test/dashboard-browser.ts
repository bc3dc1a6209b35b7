import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * What the dashboard's browser tests share: Debian's Chromium driven by playwright-core, the
 * sign-in, axe-core's check of every page visited and the screenshots of it.
 */

/** Debian's Chromium by default; playwright-core downloads no browser of its own. */
const CHROMIUM = process.env.ATLAS_CHROMIUM ?? '/usr/bin/chromium';
// Without the background-networking switches Chromium waits on services this closed network never answers.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
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
    return new DashboardBrowser(await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }), baseUrl);
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
