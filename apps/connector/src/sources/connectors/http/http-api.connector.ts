import { JsonObject } from '@atlas/ingestion';
import { inferSchema } from '../schema-inference';
import { ConnectorCheck, ConnectorContext, DiscoveredStream, JsonSchema, SourceConfigError, SourceConnector, SourceMessage, SourceReadError, SourceState } from '../source-connector';
import { CircuitBreaker } from './circuit-breaker';
import { DEFAULTS, HTTP_API_SPEC, HttpApiConfig } from './http-api-config';
import { HttpRequester, ReadAborted } from './http-requester';
import { CursorValue, IncrementalCursor } from './incremental-cursor';
import { parseJsonPath, valueAtPath } from './json-path';
import { PagePosition, paginationFor } from './pagination';
import { RateLimiter } from './rate-limiter';
import { DEFAULT_RETRY } from './retry-policy';

/**
 * The state of an HTTP source: `next` is the page to read (a run stopped mid-way resumes there,
 * with the same `since` filter); without it the pages were all read, and `cursor` (incremental
 * sources) is the greatest cursor seen, sent as the filter of the next run.
 */
interface HttpState {
  next?: PagePosition;
  since?: CursorValue;
  cursor?: CursorValue;
}

/**
 * An HTTP API read page by page, configured declaratively (Airbyte's declarative connectors): base
 * URL, path and query, authentication by secret reference (bearer, API key in a header or the query,
 * basic), page-number, offset, cursor or Link-header pagination, a JSON path to the records, and an
 * incremental cursor. A checkpoint follows every page, once its records are yielded; a record's
 * location is its page and index (`http:/v1/people:page=3:7`), which also names it within the run.
 */
export class HttpApiConnector implements SourceConnector<HttpApiConfig> {
  readonly type = 'http-api';
  readonly description = 'An HTTP JSON API read page by page (auth by secret reference, pagination, incremental cursor, retries, rate limit, circuit breaker)';
  /** One breaker per source, kept across its runs (in this process). */
  private readonly breakers = new Map<string, CircuitBreaker>();

  spec(): JsonSchema {
    return HTTP_API_SPEC;
  }

  async check(config: HttpApiConfig, context: ConnectorContext): Promise<ConnectorCheck> {
    try {
      for await (const message of this.pages(config, null, context, 1)) {
        if (message.type === 'checkpoint') break;
      }
      return { ok: true, message: `GET ${config.path} answered with records at ${config.recordsPath}` };
    } catch (error) {
      if (error instanceof SourceConfigError || error instanceof SourceReadError) return { ok: false, message: error.message };
      throw error;
    }
  }

  async discover(config: HttpApiConfig, context: ConnectorContext): Promise<DiscoveredStream[]> {
    const sample: JsonObject[] = [];
    for await (const message of this.pages(config, null, context, 1)) {
      if (message.type === 'record') sample.push(message.payload);
    }
    return [{ name: config.path, schema: inferSchema(sample), sampledRecords: sample.length }];
  }

  async *read(config: HttpApiConfig, state: SourceState | null, context: ConnectorContext): AsyncGenerator<SourceMessage> {
    yield* this.pages(config, state, context, Number.POSITIVE_INFINITY);
  }

  private async *pages(config: HttpApiConfig, state: SourceState | null, context: ConnectorContext, maxPages: number): AsyncGenerator<SourceMessage> {
    assertAllowedHost(config.baseUrl, context.allowedHttpHosts);
    const previous = (state ?? {}) as HttpState;
    const authentication = this.credentials(config, context);
    const strategy = paginationFor(config.pagination, authentication.queryParameter);
    const recordsPath = parseJsonPath(config.recordsPath);
    // A run resuming mid-way keeps the filter its pages were read with; a new one asks for what follows the last cursor.
    const since = previous.next ? previous.since : (previous.cursor ?? config.incremental?.startValue);
    const cursor = config.incremental ? new IncrementalCursor(config.incremental, previous.next ? previous.cursor : since) : undefined;
    const requester = new HttpRequester({
      timeoutMs: (config.timeoutSeconds ?? DEFAULTS.timeoutSeconds) * 1000,
      maxResponseBytes: config.maxResponseBytes ?? DEFAULTS.maxResponseBytes,
      retry: { ...DEFAULT_RETRY, ...config.retry },
      breaker: this.breakerOf(config, context),
      limiter: new RateLimiter(config.requestsPerSecond ?? DEFAULTS.requestsPerSecond),
      signal: context.signal,
    });
    let position: PagePosition = previous.next ?? strategy.first();
    for (let read = 0; read < maxPages; read++) {
      if (context.signal?.aborted) return;
      const base = new URL(config.path, config.baseUrl);
      for (const [name, value] of Object.entries(config.queryParameters ?? {})) base.searchParams.set(name, String(value));
      if (config.incremental && since !== undefined) base.searchParams.set(config.incremental.parameter, String(since));
      const url = strategy.request(position, base);
      if (authentication.queryParameter) url.searchParams.set(authentication.queryParameter, authentication.queryValue!);
      const label = `${config.path}:${strategy.label(position)}`;
      let page;
      try {
        page = await requester.getJson(url, { ...config.headers, ...authentication.headers }, `GET ${label}`);
      } catch (error) {
        if (error instanceof ReadAborted) return;
        throw error;
      }
      const records = valueAtPath(page.body, recordsPath);
      if (!Array.isArray(records)) throw new SourceReadError(`GET ${label}: ${config.recordsPath} is not an array in the response`);
      for (let index = 0; index < records.length; index++) {
        const value: unknown = records[index];
        const location = `http:${label}:${index}`;
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          yield { type: 'malformed', reason: `record ${index} of the page is not a JSON object`, location, raw: Buffer.from(JSON.stringify(value) ?? 'null') };
          continue;
        }
        cursor?.observe(value);
        yield { type: 'record', payload: value as JsonObject, location, key: location };
      }
      const next = strategy.next(position, { body: page.body, link: page.headers.get('link'), recordCount: records.length, url });
      yield { type: 'checkpoint', state: stateOf(next, since, cursor?.value()) };
      if (next === null) return;
      position = next;
    }
  }

  private breakerOf(config: HttpApiConfig, context: ConnectorContext): CircuitBreaker {
    const key = context.sourceId ?? `${config.baseUrl}${config.path}`;
    const threshold = config.circuitBreaker?.failureThreshold ?? DEFAULTS.failureThreshold;
    const resetAfterMs = (config.circuitBreaker?.resetAfterSeconds ?? DEFAULTS.resetAfterSeconds) * 1000;
    let breaker = this.breakers.get(key);
    if (breaker) breaker.configure(threshold, resetAfterMs);
    else this.breakers.set(key, (breaker = new CircuitBreaker(threshold, resetAfterMs)));
    return breaker;
  }

  /** The request headers or query parameter carrying the credentials, read from the secrets the config names. */
  private credentials(config: HttpApiConfig, context: ConnectorContext): { headers: Record<string, string>; queryParameter?: string; queryValue?: string } {
    const auth = config.authentication;
    if (!auth) return { headers: {} };
    const secret = (name: string, what: string) => {
      const value = context.secret(name);
      if (!value) throw new SourceConfigError(`the connector has no variable ${name} holding the ${what}`);
      return value;
    };
    switch (auth.type) {
      case 'bearer':
        return { headers: { authorization: `Bearer ${secret(auth.tokenSecret, 'bearer token')}` } };
      case 'basic':
        return { headers: { authorization: `Basic ${Buffer.from(`${auth.username}:${secret(auth.passwordSecret, 'password')}`).toString('base64')}` } };
      case 'api-key': {
        const key = secret(auth.keySecret, 'API key');
        return auth.in === 'header' ? { headers: { [auth.name.toLowerCase()]: key } } : { headers: {}, queryParameter: auth.name, queryValue: key };
      }
    }
  }
}

/** Refuses a base URL whose host (and port) CONNECTOR_HTTP_ALLOWED_HOSTS does not list. */
function assertAllowedHost(baseUrl: string, allowed: readonly string[] | undefined): void {
  if (!allowed) return;
  const url = new URL(baseUrl);
  if (!allowed.includes(url.hostname) && !allowed.includes(url.host)) {
    throw new SourceConfigError(`the host ${url.host} of baseUrl is not in the connector's CONNECTOR_HTTP_ALLOWED_HOSTS`);
  }
}

function stateOf(next: PagePosition | null, since: CursorValue | undefined, cursor: CursorValue | undefined): SourceState {
  const state: HttpState = {};
  if (next !== null) {
    state.next = next;
    if (since !== undefined) state.since = since;
  }
  if (cursor !== undefined) state.cursor = cursor;
  return { ...state };
}
