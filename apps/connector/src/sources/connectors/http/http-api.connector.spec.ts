import { createPayloadValidator } from '@atlas/contracts';
import { DEFAULT_RECORD_LIMITS } from '@atlas/ingestion';
import { SourceMessage, SourceState } from '../source-connector';
import { HttpApiConfig } from './http-api-config';
import { HttpApiConnector } from './http-api.connector';

describe('HttpApiConnector', () => {
  const connector = new HttpApiConnector();
  const validator = createPayloadValidator(connector.spec());
  const secrets: Record<string, string> = { CONNECTOR_SECRET_TOKEN: 't0ken', CONNECTOR_SECRET_KEY: 'k3y', CONNECTOR_SECRET_PASSWORD: 'pa55' };
  const context = { limits: DEFAULT_RECORD_LIMITS, secret: (name: string) => secrets[name], sourceId: 'people-api' };
  let fetched: Array<{ url: string; headers: Record<string, string> }>;
  let pages: Array<() => Response>;

  beforeEach(() => {
    fetched = [];
    jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      fetched.push({ url: String(input), headers: init?.headers as Record<string, string> });
      return pages.shift()!();
    });
  });

  afterEach(() => jest.restoreAllMocks());

  async function readAll(config: HttpApiConfig, state: SourceState | null): Promise<SourceMessage[]> {
    const messages: SourceMessage[] = [];
    for await (const message of connector.read(config, state, context)) messages.push(message);
    return messages;
  }

  const json = (body: unknown) => () => new Response(JSON.stringify(body), { status: 200 });
  const base: HttpApiConfig = { baseUrl: 'http://api.test', path: '/v1/people', recordsPath: '$.data', requestsPerSecond: 1000, queryParameters: { status: 'active' } };

  it('accepts a declarative config and refuses credentials in clear or an unknown pagination', () => {
    expect(validator.validate({ ...base, authentication: { type: 'bearer', tokenSecret: 'CONNECTOR_SECRET_TOKEN' }, pagination: { type: 'cursor', nextCursorPath: '$.next', cursorParameter: 'c' } }).valid).toBe(true);
    expect(validator.validate({ ...base, authentication: { type: 'bearer', tokenSecret: 'plain-token' } }).valid).toBe(false);
    expect(validator.validate({ ...base, headers: { authorization: 'Bearer x' } }).valid).toBe(false);
    expect(validator.validate({ ...base, pagination: { type: 'graphql' } }).valid).toBe(false);
    expect(validator.validate({ ...base, baseUrl: 'http://api.test/v1' })).toEqual({ valid: false, reason: '/baseUrl must match pattern "^https?://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$"' });
  });

  it('reads pages with the incremental filter and bearer token, dead-letters non-objects and checkpoints after each page', async () => {
    const config: HttpApiConfig = {
      ...base,
      authentication: { type: 'bearer', tokenSecret: 'CONNECTOR_SECRET_TOKEN' },
      pagination: { type: 'page-number', pageParameter: 'page', pageSizeParameter: 'size', pageSize: 2 },
      incremental: { cursorPath: '$.id', cursorType: 'number', parameter: 'after_id' },
    };
    pages = [json({ data: [{ id: 11 }, 7] }), json({ data: [{ id: 12 }] })];
    const messages = await readAll(config, { cursor: 10 });
    expect(messages).toEqual([
      { type: 'record', payload: { id: 11 }, location: 'http:/v1/people:page=1:0', key: 'http:/v1/people:page=1:0' },
      { type: 'malformed', reason: 'record 1 of the page is not a JSON object', location: 'http:/v1/people:page=1:1', raw: Buffer.from('7') },
      { type: 'checkpoint', state: { next: { page: 2 }, since: 10, cursor: 11 } },
      { type: 'record', payload: { id: 12 }, location: 'http:/v1/people:page=2:0', key: 'http:/v1/people:page=2:0' },
      { type: 'checkpoint', state: { cursor: 12 } },
    ]);
    expect(fetched).toEqual([
      { url: 'http://api.test/v1/people?status=active&after_id=10&page=1&size=2', headers: { accept: 'application/json', authorization: 'Bearer t0ken' } },
      { url: 'http://api.test/v1/people?status=active&after_id=10&page=2&size=2', headers: { accept: 'application/json', authorization: 'Bearer t0ken' } },
    ]);
  });

  it('resumes at the checkpointed page with the filter its run started with', async () => {
    const config: HttpApiConfig = {
      ...base,
      authentication: { type: 'api-key', in: 'query', name: 'key', keySecret: 'CONNECTOR_SECRET_KEY' },
      pagination: { type: 'offset', offsetParameter: 'offset', limitParameter: 'limit', limit: 100 },
      incremental: { cursorPath: '$.at', cursorType: 'date', parameter: 'since' },
    };
    pages = [json({ data: [{ at: '2026-02-01T00:00:00Z' }] })];
    const messages = await readAll(config, { next: { offset: 200 }, since: '2026-01-01T00:00:00Z', cursor: '2026-01-20T00:00:00Z' });
    expect(fetched.map((request) => request.url)).toEqual(['http://api.test/v1/people?status=active&since=2026-01-01T00%3A00%3A00Z&offset=200&limit=100&key=k3y']);
    expect(messages.at(-1)).toEqual({ type: 'checkpoint', state: { cursor: '2026-02-01T00:00:00Z' } });
    expect(messages[0]).toMatchObject({ location: 'http:/v1/people:offset=200:0' });
  });

  it('sends basic and header API-key credentials, and fails its check naming a missing secret', async () => {
    pages = [json({ data: [] }), json({ data: [] })];
    await readAll({ ...base, authentication: { type: 'basic', username: 'atlas', passwordSecret: 'CONNECTOR_SECRET_PASSWORD' } }, null);
    await readAll({ ...base, authentication: { type: 'api-key', in: 'header', name: 'X-Api-Key', keySecret: 'CONNECTOR_SECRET_KEY' } }, null);
    expect(fetched.map((request) => request.headers)).toEqual([
      { accept: 'application/json', authorization: `Basic ${Buffer.from('atlas:pa55').toString('base64')}` },
      { accept: 'application/json', 'x-api-key': 'k3y' },
    ]);
    expect(await connector.check({ ...base, authentication: { type: 'bearer', tokenSecret: 'CONNECTOR_SECRET_ABSENT' } }, context)).toEqual({
      ok: false,
      message: 'the connector has no variable CONNECTOR_SECRET_ABSENT holding the bearer token',
    });
  });

  it('reads only the hosts CONNECTOR_HTTP_ALLOWED_HOSTS lists, when it is set', async () => {
    pages = [json({ data: [] })];
    expect(await connector.check(base, { ...context, allowedHttpHosts: ['api.example.com', 'api.test:8443'] })).toEqual({
      ok: false,
      message: "the host api.test of baseUrl is not in the connector's CONNECTOR_HTTP_ALLOWED_HOSTS",
    });
    expect(fetched).toEqual([]);
    expect(await connector.check(base, { ...context, allowedHttpHosts: ['api.test'] })).toEqual({ ok: true, message: 'GET /v1/people answered with records at $.data' });
  });

  it('fails naming the page when the records path is not an array, and infers a schema when discovering', async () => {
    pages = [json({ data: { id: 1 } })];
    await expect(readAll(base, null)).rejects.toThrow('GET /v1/people:page=1: $.data is not an array in the response');
    pages = [json({ data: [{ id: 1, name: 'a' }, { id: 2 }] })];
    expect(await connector.discover(base, context)).toEqual([
      { name: '/v1/people', schema: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'] }, sampledRecords: 2 },
    ]);
  });
});
