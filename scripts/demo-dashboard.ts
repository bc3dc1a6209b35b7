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
}
