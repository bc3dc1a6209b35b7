import { ApiClient, ApiError, memorySessionStore } from './api-client';

interface Call {
  path: string;
  authorization: string | null;
  body?: string;
}

/** A gateway in miniature: access tokens `access-N` are valid when N >= validFrom; refresh tokens `refresh-N` are single-use. */
function fakeGateway(options: { validFrom: number; refreshWorks?: boolean }) {
  const calls: Call[] = [];
  let issued = options.validFrom;
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchFunction = async (path: string, init?: RequestInit): Promise<Response> => {
    const headers = new Headers(init?.headers);
    calls.push({ path, authorization: headers.get('authorization'), body: init?.body as string | undefined });
    if (path === '/api/v1/auth/refresh') {
      if (options.refreshWorks === false) return json(401, { code: 'refresh_token_reused', message: 'reused' });
      issued++;
      return json(200, { accessToken: `access-${issued}`, refreshToken: `refresh-${issued}` });
    }
    if (path === '/api/v1/auth/login') return json(200, { accessToken: `access-${issued}`, refreshToken: `refresh-${issued}` });
    const token = Number(headers.get('authorization')?.replace('Bearer access-', '') ?? -1);
    if (token < options.validFrom) return json(401, { code: 'token_expired', message: 'The access token has expired; refresh it' });
    if (path === '/api/v1/forbidden') return json(403, { code: 'permission_denied', detail: 'lacks lineage:read' });
    if (path === '/api/v1/contracts') return json(400, { code: 'contract_invalid', detail: 'The contract is not valid ODCS v3.1', problems: [{ path: '/kind', message: 'is required' }, { path: 3, message: 'not a path' }] });
    return json(200, { path });
  };
  return { calls, fetchFunction };
}

describe('ApiClient', () => {
  it('sends the access token and returns the JSON answer', async () => {
    const gateway = fakeGateway({ validFrom: 1 });
    const client = new ApiClient(gateway.fetchFunction, memorySessionStore());
    await client.login('admin@atlas.local', 'secret');
    expect(await client.get('/api/v1/sources')).toEqual({ path: '/api/v1/sources' });
    expect(gateway.calls.map((call) => [call.path, call.authorization])).toEqual([
      ['/api/v1/auth/login', null],
      ['/api/v1/sources', 'Bearer access-1'],
    ]);
  });

  it('refreshes an expired access token once, stores the new tokens and repeats the call', async () => {
    const gateway = fakeGateway({ validFrom: 5 });
    const store = memorySessionStore({ email: 'a@b.c', accessToken: 'access-4', refreshToken: 'refresh-4' });
    const client = new ApiClient(gateway.fetchFunction, store);
    expect(await client.get('/api/v1/source-runs')).toEqual({ path: '/api/v1/source-runs' });
    expect(gateway.calls.map((call) => call.path)).toEqual(['/api/v1/source-runs', '/api/v1/auth/refresh', '/api/v1/source-runs']);
    expect(JSON.parse(gateway.calls[1].body!)).toEqual({ refreshToken: 'refresh-4' });
    expect(store.load()).toEqual({ email: 'a@b.c', accessToken: 'access-6', refreshToken: 'refresh-6' });
  });

  it('shares one refresh between concurrent calls (a refresh token is single-use)', async () => {
    const gateway = fakeGateway({ validFrom: 5 });
    const client = new ApiClient(gateway.fetchFunction, memorySessionStore({ email: 'a@b.c', accessToken: 'access-4', refreshToken: 'refresh-4' }));
    await Promise.all([client.get('/api/v1/a'), client.get('/api/v1/b'), client.get('/api/v1/c')]);
    expect(gateway.calls.filter((call) => call.path === '/api/v1/auth/refresh')).toHaveLength(1);
    expect(gateway.calls.slice(-3).map((call) => call.authorization)).toEqual(['Bearer access-6', 'Bearer access-6', 'Bearer access-6']);
  });

  it('ends the session when the refresh is refused', async () => {
    const gateway = fakeGateway({ validFrom: 5, refreshWorks: false });
    const store = memorySessionStore({ email: 'a@b.c', accessToken: 'access-4', refreshToken: 'refresh-4' });
    let signedOut = 0;
    const client = new ApiClient(gateway.fetchFunction, store, () => signedOut++);
    await expect(client.get('/api/v1/sources')).rejects.toMatchObject({ status: 401, code: 'token_expired' });
    expect({ session: store.load(), signedOut }).toEqual({ session: null, signedOut: 1 });
  });

  it('turns problem documents into ApiErrors with their code and detail', async () => {
    const gateway = fakeGateway({ validFrom: 1 });
    const client = new ApiClient(gateway.fetchFunction, memorySessionStore({ email: 'a@b.c', accessToken: 'access-1', refreshToken: 'refresh-1' }));
    const error = await client.get('/api/v1/forbidden').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'permission_denied', message: 'lacks lineage:read', problems: [] });
  });

  it("keeps a refused document's problems (path and message; anything else left out)", async () => {
    const gateway = fakeGateway({ validFrom: 1 });
    const client = new ApiClient(gateway.fetchFunction, memorySessionStore({ email: 'a@b.c', accessToken: 'access-1', refreshToken: 'refresh-1' }));
    const error = await client.post('/api/v1/contracts', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, code: 'contract_invalid', message: 'The contract is not valid ODCS v3.1', problems: [{ path: '/kind', message: 'is required' }] });
  });

  it('revokes the login on logout and forgets the tokens', async () => {
    const gateway = fakeGateway({ validFrom: 1 });
    const store = memorySessionStore({ email: 'a@b.c', accessToken: 'access-1', refreshToken: 'refresh-1' });
    await new ApiClient(gateway.fetchFunction, store).logout();
    expect({ session: store.load(), calls: gateway.calls.map((call) => [call.path, call.body]) }).toEqual({ session: null, calls: [['/api/v1/auth/logout', '{"refreshToken":"refresh-1"}']] });
  });
});
