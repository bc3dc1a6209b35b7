/** How a failed request is retried: bounded attempts, exponential backoff with full jitter, `Retry-After` honoured. */
export interface RetrySettings {
  /** Attempts per request, the first included. */
  maxAttempts: number;
  /** The backoff cap of the first retry; doubled at each further one. */
  initialDelayMs: number;
  /** No wait is longer: a larger backoff is capped, a larger `Retry-After` gives up (it is never shortened). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 30000 };

/**
 * The wait before retry number `failedAttempts` (1 after the first failure): "full jitter" (AWS
 * Architecture Blog, "Exponential Backoff and Jitter"), uniform in [0, min(max, initial × 2^(n-1))),
 * so clients that failed together do not retry together.
 */
export function backoffDelayMs(failedAttempts: number, settings: RetrySettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.initialDelayMs * 2 ** (failedAttempts - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait a `Retry-After` header asks for (RFC 9110 §10.2.3: delay-seconds or an HTTP-date), in
 * milliseconds from `nowMs`; a date in the past is 0; undefined when absent or unreadable.
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d{1,10}$/.test(value)) return Number(value) * 1000;
  // An HTTP-date always names its weekday and zone (IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" or the obsolete forms).
  if (!/^[A-Za-z]{3,9},? /.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export type RetryDecision =
  | { retry: true; delayMs: number; reason: 'retry-after' | 'backoff' }
  | { retry: false; why: string };

/** Whether and when to retry after `failedAttempts` failures; `retryAfterHeader` of the failed response when it had one. */
export function retryDecision(failedAttempts: number, retryAfterHeader: string | null | undefined, settings: RetrySettings, nowMs: number, random: () => number): RetryDecision {
  if (failedAttempts >= settings.maxAttempts) return { retry: false, why: `gave up after ${settings.maxAttempts} attempts` };
  const asked = retryAfterMs(retryAfterHeader, nowMs);
  if (asked !== undefined) {
    if (asked > settings.maxDelayMs) {
      return { retry: false, why: `the server asked to wait ${Math.ceil(asked / 1000)} s (Retry-After), more than retry.maxDelayMs (${settings.maxDelayMs} ms)` };
    }
    return { retry: true, delayMs: asked, reason: 'retry-after' };
  }
  return { retry: true, delayMs: backoffDelayMs(failedAttempts, settings, random), reason: 'backoff' };
}
