import { SourceReadError } from '../source-connector';
import { CircuitBreaker } from './circuit-breaker';
import { HttpRequester, ReadAborted, RequesterOptions } from './http-requester';
import { RateLimiter } from './rate-limiter';

type Reply = Response | Error;

describe('HttpRequester', () => {
  const now = Date.parse('2026-11-30T02:00:00.000Z');
  let replies: Reply[];
  let sleeps: number[];
  let requested: string[];

  function requester(options: Partial<RequesterOptions> = {}): HttpRequester {
    return new HttpRequester({
      timeoutMs: 5000,
      maxResponseBytes: 1024,
      retry: { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 10000 },
      breaker: new CircuitBreaker(10, 60000, () => now),
      limiter: new RateLimiter(1000, () => now, async () => undefined),
      fetch: (async (url: URL) => {
        requested.push(url.href);
        const reply = replies.shift()!;
        if (reply instanceof Error) throw reply;
        return reply;
      }) as unknown as typeof fetch,
      now: () => now,
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
      ...options,
    });
  }

  const json = (body: unknown, init: ResponseInit = {}) => new Response(JSON.stringify(body), { status: 200, ...init });
  const url = new URL('http://api.test/v1/people?page=2');

  beforeEach(() => {
    replies = [];
    sleeps = [];
    requested = [];
  });

  it('retries 500s, 429s and network errors with jittered backoff or the Retry-After asked, then returns the page', async () => {
    replies = [
      new Response('oops', { status: 500 }),
      new Response('slow down', { status: 429, headers: { 'retry-after': '3' } }),
      new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
      json({ data: [1] }),
    ];
    const page = await requester().getJson(url, {}, 'GET /v1/people:page=2');
    expect(page.body).toEqual({ data: [1] });
    expect(page.attempts).toBe(4);
    // 0.5 × 100, Retry-After 3 s exactly, 0.5 × 400.
    expect(sleeps).toEqual([50, 3000, 200]);
    expect(requested).toEqual(Array(4).fill('http://api.test/v1/people?page=2'));
  });

  it('retries a page that is not valid JSON, and fails naming the page after the last attempt', async () => {
    replies = Array.from({ length: 4 }, () => new Response('{"data": [1, 2', { status: 200 }));
    await expect(requester().getJson(url, {}, 'GET /v1/people:page=2')).rejects.toThrow(
      new SourceReadError('GET /v1/people:page=2: gave up after 4 attempts (last: the response is not valid JSON (14 characters read))'),
    );
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('honours a Retry-After HTTP-date', async () => {
    replies = [new Response('', { status: 503, headers: { 'retry-after': 'Mon, 30 Nov 2026 02:00:02 GMT' } }), json({ ok: true })];
    await requester().getJson(url, {}, 'p');
    expect(sleeps).toEqual([2000]);
  });

  it('does not retry other 4xx, nor a response over maxResponseBytes', async () => {
    replies = [new Response('no', { status: 401 })];
    await expect(requester().getJson(url, {}, 'GET /x:page=1')).rejects.toThrow(new SourceReadError('GET /x:page=1: HTTP 401 (not retried)'));
    replies = [new Response('x'.repeat(2000), { status: 200 })];
    await expect(requester().getJson(url, {}, 'GET /x:page=1')).rejects.toThrow(new SourceReadError('GET /x:page=1: the response is larger than maxResponseBytes (1024)'));
    replies = [new Response('[]', { status: 200, headers: { 'content-length': '5000' } })];
    await expect(requester().getJson(url, {}, 'GET /x:page=1')).rejects.toThrow('GET /x:page=1: the response declares 5000 bytes, more than maxResponseBytes (1024)');
    expect(sleeps).toEqual([]);
  });

  it('opens the circuit breaker after consecutive failures and fails fast while it is open', async () => {
    const breaker = new CircuitBreaker(3, 60000, () => now);
    replies = Array.from({ length: 3 }, () => new Response('', { status: 502 }));
    await expect(requester({ breaker, retry: { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 10000 } }).getJson(url, {}, 'GET /x:page=4')).rejects.toThrow(
      new SourceReadError('GET /x:page=4: circuit breaker opened after 3 consecutive failed requests (last: HTTP 502); the source is tried again after 2026-11-30T02:01:00.000Z'),
    );
    await expect(requester({ breaker }).getJson(url, {}, 'GET /x:page=1')).rejects.toThrow(
      new SourceReadError('GET /x:page=1: circuit breaker open after 3 consecutive failed requests; the source is tried again after 2026-11-30T02:01:00.000Z'),
    );
    expect(requested).toHaveLength(3);
  });

  it('stops without an error when the run is cancelled during a wait', async () => {
    const controller = new AbortController();
    replies = [new Response('', { status: 500 })];
    const cancelling = requester({ signal: controller.signal, sleep: async () => controller.abort() });
    await expect(cancelling.getJson(url, {}, 'p')).rejects.toThrow(ReadAborted);
  });
});
