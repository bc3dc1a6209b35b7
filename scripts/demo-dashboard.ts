import type { ClientOptions } from './pipeline-client';

/** Where to look next: the dashboard the gateway serves at `/`, checked to answer before it is advertised. */
export async function showDashboard(options: ClientOptions): Promise<void> {
  const url = `${options.gatewayUrl.replace(/\/$/, '')}/`;
  const answer = await fetch(url).catch(() => undefined);
  const page = answer?.ok ? await answer.text() : '';
  if (!page.includes('<div id="root">')) {
    console.log(`\nDashboard: not served at ${url} (${answer ? `answered ${answer.status}` : 'no answer'}; npm run build builds it into dist/apps/dashboard)`);
    return;
  }
  const email = process.env.ATLAS_ADMIN_EMAIL ?? 'admin@atlas.local';
  console.log(`\nDashboard: ${url} (sign in as ${email}, password in .atlas/admin-password)`);
  // Pages a newcomer looks for first; the sources named are the ones this demo created.
  const pages: Array<[string, string]> = [
    ['sources, runs, uploads and rejected rows', 'sources'],
    ['quality scores and the quarantine browser with replay', 'quality'],
    ['check history with the anomaly band (source deliveries)', 'quality/checks?source=deliveries'],
    ['contract editor: validate, dry-run, activate', 'contracts'],
    ['lineage graph, column edges and PII trace', 'lineage'],
  ];
  for (const [what, path] of pages) console.log(`  ${what.padEnd(56)} ${url}${path}`);
}
