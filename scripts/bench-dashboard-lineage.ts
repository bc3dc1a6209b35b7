/**
 * The lineage view with 1,000 nodes in headless Chromium (Debian's, driven by playwright-core):
 * the built dashboard (dist/apps/dashboard, `npm run build` first) is served as the gateway serves it,
 * and its API calls are answered in the browser with a generated layered graph of --nodes nodes
 * (datasets and jobs alternating in --layers layers, each node feeding --fanout nodes of the next).
 * The browser fixture stands in for the gateway only here: what is measured is the page, not the API.
 *
 * Reported, over --runs page loads (median and worst):
 * - layout: ELK in its web worker, with the conversions both ways (the page's `lineage-layout` measure);
 * - first paint: from the graph's answer to the first frame that shows it (`lineage-first-paint`);
 * - main thread: its longest task between the answer and the first paint (the layout runs in the worker,
 *   so this is React drawing the boxes: how long the page could not answer a click at worst);
 * - selection: a click on a node until the next frame has painted (memoised boxes: only two re-render).
 * Usage: npm run bench:dashboard-lineage -- [--nodes 1000] [--layers 10] [--fanout 2] [--runs 5] [--dashboard dist/apps/dashboard]
 */
import { readFileSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { Page } from 'playwright-core';
import { launchHeadlessChromium } from './headless-chromium';
import { repositoryRoot } from './repository-root';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

interface GeneratedNode {
  id: string;
  type: 'DATASET' | 'JOB';
  depth: number;
  data: { namespace: string; name: string; fields?: Array<{ name: string }> };
  inEdges: Array<{ origin: string; destination: string }>;
  outEdges: Array<{ origin: string; destination: string }>;
  moreUpstream: number;
  moreDownstream: number;
}

/** Layers of datasets and jobs alternating; node i of a layer feeds nodes i … i+fanout-1 (wrapping) of the next. */
export function generatedGraph(nodes: number, layers: number, fanout: number): { rootId: string; graph: GeneratedNode[] } {
  const perLayer = Math.ceil(nodes / layers);
  const idOf = (layer: number, index: number) => (layer % 2 === 0 ? `dataset:bench://lineage:layer${layer}/dataset${index}` : `job:bench.lineage:layer${layer}.job${index}`);
  const middle = Math.floor(layers / 2);
  const graph: GeneratedNode[] = [];
  const byId = new Map<string, GeneratedNode>();
  for (let layer = 0; layer < layers; layer++) {
    for (let index = 0; index < perLayer && graph.length < nodes; index++) {
      const id = idOf(layer, index);
      const node: GeneratedNode = {
        id,
        type: layer % 2 === 0 ? 'DATASET' : 'JOB',
        depth: Math.abs(layer - middle),
        data: { namespace: layer % 2 === 0 ? 'bench://lineage' : 'bench.lineage', name: id.slice(id.lastIndexOf(':') + 1) },
        inEdges: [],
        outEdges: [],
        moreUpstream: 0,
        moreDownstream: 0,
      };
      graph.push(node);
      byId.set(id, node);
    }
  }
  for (const node of graph) {
    const layer = Number(/layer(\d+)/.exec(node.id)![1]);
    const index = Number(/(?:dataset|job)(\d+)$/.exec(node.id)![1]);
    for (let step = 0; step < fanout; step++) {
      const target = byId.get(idOf(layer + 1, (index + step) % perLayer));
      if (!target) continue;
      const edge = { origin: node.id, destination: target.id };
      node.outEdges.push(edge);
      target.inEdges.push(edge);
    }
  }
  return { rootId: idOf(middle, 0), graph };
}

function serveDashboard(directory: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://bench').pathname));
    let file = join(directory, path);
    // Client routes fall back to the app, as the gateway does.
    if (!file.startsWith(directory) || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = join(directory, 'index.html');
    response.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measureOnce(page: Page, url: string, nodes: number): Promise<{ layout: number; firstPaint: number; longestTask: number; selection: number[]; drawn: number }> {
  await page.goto(url);
  await page.waitForFunction(`document.querySelectorAll('svg [data-node-id]').length >= ${nodes}`, undefined, { timeout: 120000 });
  await page.waitForFunction(`performance.getEntriesByName('lineage-first-paint').length > 0`, undefined, { timeout: 30000 });
  const [layout, firstPaint] = await page.evaluate<number[]>(`['lineage-layout', 'lineage-first-paint'].map((name) => performance.getEntriesByName(name).at(-1).duration)`);
  const drawn = await page.evaluate<number>(`document.querySelectorAll('svg [data-node-id]').length`);
  const longestTask = await page.evaluate<number>(`(() => {
    const paint = performance.getEntriesByName('lineage-first-paint').at(-1);
    const tasks = (window.benchLongTasks ?? []).filter((task) => task.startTime + task.duration >= paint.startTime && task.startTime <= paint.startTime + paint.duration);
    return Math.max(0, ...tasks.map((task) => task.duration));
  })()`);
  // A click on a node until the frame after it has painted, for five nodes across the graph.
  const selection = await page.evaluate<number[]>(`(async () => {
    const boxes = [...document.querySelectorAll('svg [data-node-id]')];
    const times = [];
    for (let step = 1; step <= 5; step++) {
      const box = boxes[Math.floor((boxes.length * step) / 6)];
      const started = performance.now();
      box.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      times.push(performance.now() - started);
    }
    return times;
  })()`);
  return { layout, firstPaint, longestTask, selection, drawn };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nodes: { type: 'string', default: '1000' }, layers: { type: 'string', default: '10' }, fanout: { type: 'string', default: '2' }, runs: { type: 'string', default: '5' }, dashboard: { type: 'string' } } });
  const nodes = Number(values.nodes);
  const { rootId, graph } = generatedGraph(nodes, Number(values.layers), Number(values.fanout));
  const edges = graph.reduce((total, node) => total + node.outEdges.length, 0);
  const server = await serveDashboard(values.dashboard ?? join(repositoryRoot(__dirname), 'dist', 'apps', 'dashboard'));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchHeadlessChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(`sessionStorage.setItem('atlas.session', JSON.stringify({ email: 'bench@atlas.test', accessToken: 'bench', refreshToken: 'bench' }))`);
    // Main-thread tasks over 50 ms, kept for the page's lifetime.
    await context.addInitScript(`window.benchLongTasks = []; new PerformanceObserver((list) => window.benchLongTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true })`);
    const answer = JSON.stringify({ graph, truncated: false });
    await context.route('**/api/v1/**', (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/api/v1/auth/me') return route.fulfill({ json: { kind: 'user', id: 'bench', role: 'admin', permissions: ['runs:read', 'lineage:read'] } });
      if (path === '/api/v1/lineage') return route.fulfill({ body: answer, contentType: 'application/json' });
      return route.fulfill({ status: 404, json: { statusCode: 404, code: 'not_found', message: 'not in the bench fixture' } });
    });
    const page = await context.newPage();
    const url = `${base}/lineage?node=${encodeURIComponent(rootId)}&up=10&down=10`;
    const runs = [];
    for (let run = 0; run < Number(values.runs); run++) runs.push(await measureOnce(page, url, nodes));
    const format = (list: number[]) => `median ${median(list).toFixed(0)} ms, worst ${Math.max(...list).toFixed(0)} ms`;
    console.log(`lineage view, ${nodes} nodes and ${edges} edges (${runs[0].drawn} boxes drawn with the "N more" ones), ${runs.length} page loads, Chromium headless:`);
    console.log(`  layout (ELK in the web worker): ${format(runs.map((run) => run.layout))}`);
    console.log(`  first paint (answer → graph on screen): ${format(runs.map((run) => run.firstPaint))}`);
    console.log(`  longest main-thread task meanwhile: ${format(runs.map((run) => run.longestTask))}`);
    console.log(`  selecting a node (click → next frame painted): ${format(runs.flatMap((run) => run.selection))}`);
    console.log(`  load average: ${loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  } finally {
    await browser.close();
    server.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
