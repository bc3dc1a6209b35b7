import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The file the lineage page starts its ELK web worker from (ELK_WORKER_URL in src/lineage/elk-layouter.ts). */
export const ELK_WORKER_FILE = 'elk-worker.min.js';

/**
 * ELK's layout engine (1.4 MB of compiled Java) runs in a web worker: it is copied into the build
 * as it is, never parsed or minified by the bundler (which keeps the build fast), and the layout
 * never blocks the page.
 */
function elkWorker(): Plugin {
  const source = () => readFileSync(createRequire(import.meta.url).resolve(`elkjs/lib/${ELK_WORKER_FILE}`));
  return {
    name: 'atlas-elk-worker',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: ELK_WORKER_FILE, source: source() });
    },
    configureServer(server) {
      server.middlewares.use(`/${ELK_WORKER_FILE}`, (_request, response) => {
        response.setHeader('content-type', 'text/javascript');
        response.end(source());
      });
    },
  };
}

/**
 * The dashboard is built into dist/apps/dashboard, which the gateway serves at `/`. The dev server
 * proxies the API to a gateway on ATLAS_GATEWAY_URL (default http://localhost:3000).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), elkWorker()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/dashboard', import.meta.url)),
    emptyOutDir: true,
    // The gateway's CSP allows no inline code: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': process.env.ATLAS_GATEWAY_URL ?? 'http://localhost:3000' } },
});
