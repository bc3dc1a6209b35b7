import ELK from 'elkjs/lib/elk-api.js';
import type { Layouter } from './graph-layout';

/** Copied into the build by vite.config.ts (elkWorker). */
export const ELK_WORKER_URL = '/elk-worker.min.js';

/** ELK with its engine in a web worker (same origin, so the CSP's script-src 'self' admits it). */
export function workerLayouter(): Layouter {
  return new ELK({ workerUrl: ELK_WORKER_URL });
}
