import { backoffDelayMs, retryAfterMs, retryDecision, RetrySettings } from './retry-policy';

describe('retry policy', () => {
  const settings: RetrySettings = { maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 30000 };
  const now = Date.parse('2026-11-30T02:00:00.000Z');

  it('draws full jitter under a ceiling that doubles per failure and stops at maxDelayMs', () => {
    expect([1, 2, 3, 4].map((failures) => backoffDelayMs(failures, settings, () => 0.5))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelayMs(1, settings, () => 0)).toBe(0);
    expect(backoffDelayMs(1, settings, () => 0.999)).toBe(499);
    // 500 × 2^9 = 256,000 ms, capped at 30,000.
    expect(backoffDelayMs(10, settings, () => 0.999)).toBe(29970);
  });

  it('reads Retry-After as seconds or as an HTTP-date, relative to the injected clock', () => {
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs(' 0 ', now)).toBe(0);
    expect(retryAfterMs('Mon, 30 Nov 2026 02:00:03 GMT', now)).toBe(3000);
    expect(retryAfterMs('Sunday, 29-Nov-26 23:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('-3', now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('2026-11-30T02:00:03Z', now)).toBeUndefined();
  });

  it('honours Retry-After exactly (no jitter), else backs off, and gives up after maxAttempts', () => {
    expect(retryDecision(1, '2', settings, now, () => 0.5)).toEqual({ retry: true, delayMs: 2000, reason: 'retry-after' });
    expect(retryDecision(2, 'Mon, 30 Nov 2026 02:00:01 GMT', settings, now, () => 0.5)).toEqual({ retry: true, delayMs: 1000, reason: 'retry-after' });
    expect(retryDecision(3, null, settings, now, () => 0.25)).toEqual({ retry: true, delayMs: 500, reason: 'backoff' });
    expect(retryDecision(5, '1', settings, now, () => 0.5)).toEqual({ retry: false, why: 'gave up after 5 attempts' });
  });

  it('gives up rather than shorten a Retry-After longer than maxDelayMs', () => {
    expect(retryDecision(1, '3600', settings, now, () => 0.5)).toEqual({
      retry: false,
      why: 'the server asked to wait 3600 s (Retry-After), more than retry.maxDelayMs (30000 ms)',
    });
  });
});
