/**
 * Spaces a source's requests to at most `requestsPerSecond` (one every 1000/rate ms, no burst):
 * each caller reserves the next free slot and waits for it, so concurrent callers queue in order.
 */
export class RateLimiter {
  private nextSlot = Number.NEGATIVE_INFINITY;
  private readonly spacingMs: number;

  constructor(
    requestsPerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
  ) {
    this.spacingMs = 1000 / requestsPerSecond;
  }

  /** How long the caller waited (ms) before its request may go. */
  async acquire(signal?: AbortSignal): Promise<number> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.spacingMs;
    const wait = slot - now;
    if (wait > 0) await this.sleep(wait, signal);
    return wait;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller checks the signal). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
