import { SourceReadError } from '../source-connector';
import { CircuitBreaker } from './circuit-breaker';
import { abortableSleep, RateLimiter } from './rate-limiter';
import { RetrySettings, retryDecision } from './retry-policy';

export interface RequesterOptions {
  timeoutMs: number;
  maxResponseBytes: number;
  retry: RetrySettings;
  breaker: CircuitBreaker;
  limiter: RateLimiter;
  /** The run's cancellation: a request in flight is aborted, and the read stops. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface JsonPage {
  body: unknown;
  headers: Headers;
  attempts: number;
}

/** Thrown when the run's signal aborted a request: the read stops without failing the run. */
export class ReadAborted extends Error {
  constructor() {
    super('read aborted');
    this.name = 'ReadAborted';
  }
}

/** A failed attempt: `retryable` ones (429, 408, 5xx, network, timeout, malformed body) are retried. */
class AttemptFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfter: string | null = null,
  ) {
    super(message);
  }
}

const RETRYABLE_STATUS = (status: number) => status === 429 || status === 408 || status >= 500;

/**
 * GETs JSON pages of one source with Node's fetch (undici): each attempt waits for the source's
 * rate limit, passes its circuit breaker, runs under a timeout and reads at most maxResponseBytes;
 * a retryable failure is retried with exponential backoff and full jitter (or the server's
 * Retry-After) up to retry.maxAttempts. A page is returned only whole and parsed, so a truncated or
 * malformed page is never half-published. Errors name the page, the status or failure class, never
 * a URL with credentials or a response body.
 */
export class HttpRequester {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(private readonly options: RequesterOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? abortableSleep;
  }

  async getJson(url: URL, headers: Record<string, string>, page: string): Promise<JsonPage> {
    const { breaker, retry, signal } = this.options;
    for (let attempt = 1; ; attempt++) {
      if (!breaker.allowRequest()) {
        throw new SourceReadError(`${page}: circuit breaker open after ${breaker.failures()} consecutive failed requests; the source is tried again after ${new Date(breaker.reopensAt()!).toISOString()}`);
      }
      await this.options.limiter.acquire(signal);
      if (signal?.aborted) throw new ReadAborted();
      let failure: AttemptFailure;
      try {
        const body = await this.attempt(url, headers);
        breaker.recordSuccess();
        return { ...body, attempts: attempt };
      } catch (error) {
        if (signal?.aborted) {
          breaker.abandonTrial();
          throw new ReadAborted();
        }
        if (!(error instanceof AttemptFailure)) throw error;
        failure = error;
      }
      if (!failure.retryable) {
        // The source answered (401, 404, an oversized page): reachable, so the breaker is not the concern.
        breaker.recordSuccess();
        throw new SourceReadError(`${page}: ${failure.message}`);
      }
      if (breaker.recordFailure()) {
        throw new SourceReadError(`${page}: circuit breaker opened after ${breaker.failures()} consecutive failed requests (last: ${failure.message}); the source is tried again after ${new Date(breaker.reopensAt()!).toISOString()}`);
      }
      const decision = retryDecision(attempt, failure.retryAfter, retry, this.now(), this.random);
      if (!decision.retry) throw new SourceReadError(`${page}: ${decision.why} (last: ${failure.message})`);
      await this.sleep(decision.delayMs, signal);
      if (signal?.aborted) throw new ReadAborted();
    }
  }

  private async attempt(url: URL, headers: Record<string, string>): Promise<{ body: unknown; headers: Headers }> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    let response: Response;
    // Redirects are not followed (they would carry the credentials elsewhere): a 3xx fails the page, not retried.
    try {
      response = await this.fetch(url, { method: 'GET', headers: { accept: 'application/json', ...headers }, signal, redirect: 'manual' });
    } catch (error) {
      throw new AttemptFailure(networkFailure(error, timeout, this.options.timeoutMs), true);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const retryable = RETRYABLE_STATUS(response.status);
      throw new AttemptFailure(`HTTP ${response.status}${retryable ? '' : ' (not retried)'}`, retryable, response.headers.get('retry-after'));
    }
    const text = await this.boundedText(response, timeout);
    try {
      return { body: JSON.parse(text) as unknown, headers: response.headers };
    } catch {
      throw new AttemptFailure(`the response is not valid JSON (${text.length} characters read)`, true);
    }
  }

  /** The body as text, refused past maxResponseBytes (declared or read) without reading further. */
  private async boundedText(response: Response, timeout: AbortSignal): Promise<string> {
    const limit = this.options.maxResponseBytes;
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) {
      await response.body?.cancel().catch(() => undefined);
      throw new AttemptFailure(`the response declares ${declared} bytes, more than maxResponseBytes (${limit})`, false);
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > limit) {
          await reader.cancel().catch(() => undefined);
          throw new AttemptFailure(`the response is larger than maxResponseBytes (${limit})`, false);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof AttemptFailure) throw error;
      throw new AttemptFailure(timeout.aborted ? `no complete response within ${this.options.timeoutMs / 1000} s` : `the response was cut off after ${total} bytes`, true);
    }
    return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  }
}

/** A fetch failure by class and code (never its message, which may quote the URL). */
function networkFailure(error: unknown, timeout: AbortSignal, timeoutMs: number): string {
  if (timeout.aborted) return `no response within ${timeoutMs / 1000} s`;
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && cause; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code)) return `network error (${code})`;
    cause = (cause as { cause?: unknown }).cause;
  }
  return 'network error';
}
