import { SignJWT } from 'jose';
import { Pool } from 'pg';
import request from 'supertest';
import {
  resetTestInfrastructure,
  serviceEnvironment,
  ServiceProcess,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  TEST_API_KEY,
  TEST_TOKEN_SIGNING_KEY,
  testDatabase,
  testLogDirectory,
} from '@atlas/testing';

const LOGIN_LIMIT = 30;
const ROLES = ['admin', 'engineer', 'analyst', 'viewer', 'producer'] as const;
type Role = (typeof ROLES)[number];
const PASSWORD = 'a-password-for-the-e2e-users';
const UNKNOWN_ID = '0192f0c1-0000-7000-8000-00000000dead';
const PROBLEM_JSON = /^application\/problem\+json/;

interface Tokens {
  accessToken: string;
  refreshToken: string;
}

describe('gateway: users, roles, sessions, API keys and the audit log', () => {
  const lineage = new ServiceProcess({ name: 'lineage', httpPort: 4535, environment: serviceEnvironment(), logDirectory: testLogDirectory() });
  const gateway = new ServiceProcess({
    name: 'gateway',
    httpPort: 4531,
    environment: { ...serviceEnvironment(), LOGIN_RATE_LIMIT_PER_MINUTE: String(LOGIN_LIMIT), LINEAGE_URL: lineage.baseUrl },
    logDirectory: testLogDirectory(),
  });
  let database: Pool;
  let admin: Tokens;
  let adminId: string;
  /** Credentials by name: a user's access token or an API key for every role, and the environment key. */
  const credentials: Record<string, string> = { environment: TEST_API_KEY };
  const secretsSeen: string[] = [PASSWORD, TEST_ADMIN_PASSWORD];
  let emailCounter = 0;

  const api = () => request(gateway.baseUrl);
  const bearer = (credential: string) => ({ Authorization: `Bearer ${credential}` });

  async function login(email: string, password: string): Promise<Tokens & { userId?: string }> {
    const response = await api().post('/api/v1/auth/login').send({ email, password }).expect(200);
    secretsSeen.push(response.body.accessToken, response.body.refreshToken);
    return response.body;
  }

  async function createUser(role: Role, canReveal = false): Promise<{ id: string; email: string }> {
    const email = `user${++emailCounter}-${role}@example.com`;
    const response = await api().post('/api/v1/users').set(bearer(admin.accessToken)).send({ email, password: PASSWORD, role, canReveal }).expect(201);
    return { id: response.body.id, email };
  }

  async function createKey(role: Role, name = `${role} key`): Promise<{ id: string; key: string }> {
    const expiresAt = new Date(Date.now() + 30 * 86400_000).toISOString();
    const response = await api().post('/api/v1/api-keys').set(bearer(admin.accessToken)).send({ name, role, expiresAt }).expect(201);
    secretsSeen.push(response.body.key);
    return { id: response.body.id, key: response.body.key };
  }

  /** Every audit entry, following the cursor pages of `pageSize`. */
  async function wholeAuditLog(pageSize = 7): Promise<Array<Record<string, unknown>>> {
    const entries: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const response: request.Response = await api()
        .get('/api/v1/audit')
        .query(cursor ? { limit: pageSize, cursor } : { limit: pageSize })
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(response.body.items.length).toBeLessThanOrEqual(pageSize);
      entries.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    return entries;
  }

  function expectProblem(response: request.Response, status: number, code: string): void {
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ type: `urn:atlas:problem:${code}`, status, title: expect.any(String), detail: expect.any(String) });
  }

  beforeAll(async () => {
    await resetTestInfrastructure();
    database = testDatabase();
    gateway.start();
    lineage.start();
    await Promise.all([gateway.waitUntilReady(), lineage.waitUntilReady()]);
    admin = await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    adminId = (await database.query('SELECT id FROM gateway.users WHERE email = $1', [TEST_ADMIN_EMAIL])).rows[0].id;
    for (const role of ROLES) {
      const user = await createUser(role);
      credentials[`${role} user`] = (await login(user.email, PASSWORD)).accessToken;
      credentials[`${role} key`] = (await createKey(role)).key;
    }
  }, 120000);

  afterAll(async () => {
    await Promise.all([gateway.stop(), lineage.stop()]);
    await database?.end();
  });

  it('creates the first admin from the secret at start-up, once: a restart changes nothing', async () => {
    const admins = async () => (await database.query('SELECT id, role, password_hash FROM gateway.users WHERE email = $1', [TEST_ADMIN_EMAIL])).rows;
    const before = await admins();
    expect(before).toEqual([{ id: adminId, role: 'admin', password_hash: expect.stringMatching(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/) }]);
    await gateway.restart('SIGTERM');
    expect(await admins()).toEqual(before);
    const firstAdminEntries = await database.query("SELECT count(*)::int AS entries FROM gateway.audit_log WHERE details->>'reason' = 'first_admin'");
    expect(firstAdminEntries.rows).toEqual([{ entries: 1 }]);
    admin = await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
  }, 120000);

  it('stores no password, refresh token or API key in the clear', async () => {
    const dump = JSON.stringify(
      (await database.query('SELECT u.*, r.*, k.* FROM gateway.users u LEFT JOIN gateway.refresh_tokens r ON r.user_id = u.id CROSS JOIN gateway.api_keys k')).rows,
    );
    for (const secret of secretsSeen.filter((value) => !value.startsWith('eyJ'))) expect(dump).not.toContain(secret);
  });

  // Endpoint → [method, path, body] and the outcome for each credential. "ok" statuses prove the
  // guard let the request through (404 for unknown ids, 201 for creations).
  const endpoints: Array<[string, () => request.Test, number]> = [
    ['POST /api/v1/users', () => api().post('/api/v1/users').send({ email: `matrix${++emailCounter}@example.com`, password: PASSWORD, role: 'viewer' }), 201],
    ['GET /api/v1/users', () => api().get('/api/v1/users'), 200],
    ['POST /api/v1/users/{id}/disable', () => api().post(`/api/v1/users/${UNKNOWN_ID}/disable`), 404],
    ['POST /api/v1/api-keys', () => api().post('/api/v1/api-keys').send({ name: 'matrix', role: 'viewer', expiresAt: new Date(Date.now() + 86400_000).toISOString() }), 201],
    ['GET /api/v1/api-keys', () => api().get('/api/v1/api-keys'), 200],
    ['DELETE /api/v1/api-keys/{id}', () => api().delete(`/api/v1/api-keys/${UNKNOWN_ID}`), 404],
    ['GET /api/v1/audit', () => api().get('/api/v1/audit'), 200],
    ['POST /api/v1/sources/{id}/records', () => api().post('/api/v1/sources/roles/records').send([{ id: 1 }]), 202],
    ['GET /api/v1/runs/{id}', () => api().get(`/api/v1/runs/${UNKNOWN_ID}`), 404],
    ['GET /api/v1/pii/findings', () => api().get('/api/v1/pii/findings'), 200],
    ['GET /api/v1/lineage/runs/{id}/events', () => api().get(`/api/v1/lineage/runs/${UNKNOWN_ID}/events`), 200],
  ];
  const PERMISSION_OF = [
    'users:manage',
    'users:manage',
    'users:manage',
    'api-keys:manage',
    'api-keys:manage',
    'api-keys:manage',
    'audit:read',
    'records:push',
    'runs:read',
    'findings:read',
    'lineage:read',
  ];
  // y: allowed, n: 403. Columns in the order of `endpoints`.
  const DECISIONS: Record<string, string> = {
    admin: 'yyyyyyyyyyy',
    engineer: 'nnnnnnnyyyy',
    analyst: 'nnnnnnnnyyy',
    viewer: 'nnnnnnnnynn',
    producer: 'nnnnnnnynnn',
  };

  it.each(ROLES.flatMap((role) => [`${role} user`, `${role} key`]))('decides every endpoint for the %s', async (name) => {
    const decisions = DECISIONS[name.split(' ')[0]];
    for (const [index, [endpoint, send, okStatus]] of endpoints.entries()) {
      const response = await send().set(bearer(credentials[name]));
      if (decisions[index] === 'y') {
        expect({ endpoint, status: response.status }).toEqual({ endpoint, status: okStatus });
      } else {
        expect({ endpoint, status: response.status, code: response.body.code, permission: response.body.permission }).toEqual({
          endpoint,
          status: 403,
          code: 'permission_denied',
          permission: PERMISSION_OF[index],
        });
        const who = name.endsWith('user') ? 'This user' : 'This API key';
        expect(response.body.detail ?? response.body.message).toMatch(new RegExp(`^${who} \\(role ${name.split(' ')[0]}\\) lacks the permission ${PERMISSION_OF[index]}; roles granting it: `));
      }
    }
  });

  it('keeps the environment keys meaning what they meant: push and read (records, runs, findings, lineage), nothing of users, keys or the audit log', async () => {
    const statuses = [];
    for (const [, send] of endpoints) statuses.push((await send().set('X-API-Key', TEST_API_KEY)).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 403, 403, 202, 404, 200, 200]);
    const refused = await api().get('/api/v1/audit').set(bearer(TEST_API_KEY));
    expectProblem(refused, 403, 'permission_denied');
    expect(refused.body.detail).toBe('This API key lacks the permission audit:read; no key of this service grants it');
  });

  it('answers 401 problem documents without credentials, with unknown ones and with a token of another key', async () => {
    for (const [endpoint, send] of endpoints.slice(0, 7)) {
      const response = await send();
      expect({ endpoint, status: response.status }).toEqual({ endpoint, status: 401 });
      expectProblem(response, 401, 'api_key_missing');
    }
    expectProblem(await api().get('/api/v1/users').set(bearer('not-a-known-key-not-a-known-key')), 401, 'api_key_invalid');
    expectProblem(await api().get('/api/v1/users').set(bearer(`atlas_key_${'A'.repeat(43)}`)), 401, 'api_key_invalid');
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(adminId).setIssuer('atlas-gateway').setAudience('atlas-api').setExpirationTime('5m').sign(new Uint8Array(32));
    expectProblem(await api().get('/api/v1/users').set(bearer(forged)), 401, 'token_invalid');
  });

  it('refuses an expired access token with token_expired', async () => {
    const issuedAt = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(adminId)
      .setIssuer('atlas-gateway')
      .setAudience('atlas-api')
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 900)
      .sign(new Uint8Array(TEST_TOKEN_SIGNING_KEY));
    const response = await api().get('/api/v1/users').set(bearer(expired));
    expectProblem(response, 401, 'token_expired');
    expect(response.body.detail).toBe('The access token has expired; refresh it');
  });

  it('rotates refresh tokens, and a reused one revokes the whole login', async () => {
    const user = await createUser('analyst');
    const first = await login(user.email, PASSWORD);
    const second = (await api().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await api().get('/api/v1/pii/findings').set(bearer(second.accessToken)).expect(200);
    expectProblem(await api().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }), 401, 'refresh_token_reused');
    expectProblem(await api().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }), 401, 'refresh_token_revoked');
    const other = await login(user.email, PASSWORD);
    await api().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
    const reuse = (await wholeAuditLog()).find((entry) => entry.action === 'refresh-token.reused');
    expect(reuse).toMatchObject({ actor: `user:${user.id}`, targetType: 'user', targetId: user.id, outcome: 'failed', details: { revokedTokens: 2 } });
  });

  it('logout revokes the login; malformed and unknown refresh tokens are told apart from revoked ones', async () => {
    const session = await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await api().post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    expectProblem(await api().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }), 401, 'refresh_token_revoked');
    expectProblem(await api().post('/api/v1/auth/logout').send({ refreshToken: `atlas_rt_${'A'.repeat(43)}` }), 401, 'refresh_token_invalid');
    expectProblem(await api().post('/api/v1/auth/refresh').send({}), 400, 'validation_failed');
  });

  it('refuses wrong passwords and unknown users alike, and audits both without the typed e-mail', async () => {
    const wrong = await api().post('/api/v1/auth/login').send({ email: TEST_ADMIN_EMAIL, password: 'not-the-password' });
    const unknown = await api().post('/api/v1/auth/login').send({ email: 'ghost-typed@example.com', password: PASSWORD });
    for (const response of [wrong, unknown]) expectProblem(response, 401, 'credentials_invalid');
    const failed = (await wholeAuditLog()).filter((entry) => entry.action === 'login' && entry.outcome === 'failed');
    expect(failed.slice(0, 2).map((entry) => [entry.actor, entry.details])).toEqual([
      ['anonymous', { reason: 'unknown_user' }],
      [`user:${adminId}`, { reason: 'wrong_password' }],
    ]);
    expect(JSON.stringify(await wholeAuditLog())).not.toContain('ghost-typed');
  });

  it('disables a user: their token, refresh token and password stop working at once; nobody disables themselves', async () => {
    const user = await createUser('engineer');
    const session = await login(user.email, PASSWORD);
    await api().get('/api/v1/pii/findings').set(bearer(session.accessToken)).expect(200);
    const disabled = await api().post(`/api/v1/users/${user.id}/disable`).set(bearer(admin.accessToken)).expect(200);
    expect(disabled.body).toEqual({ id: user.id, email: user.email, role: 'engineer', canReveal: false, createdAt: expect.any(String), disabledAt: expect.any(String) });
    expectProblem(await api().get('/api/v1/users').set(bearer(session.accessToken)), 401, 'user_disabled');
    expectProblem(await api().get('/api/v1/pii/findings').set(bearer(session.accessToken)), 401, 'user_disabled');
    expectProblem(await api().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }), 401, 'refresh_token_revoked');
    expectProblem(await api().post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }), 401, 'credentials_invalid');
    expectProblem(await api().post(`/api/v1/users/${adminId}/disable`).set(bearer(admin.accessToken)), 409, 'cannot_disable_self');
  });

  it('creates users with validated bodies, refuses a duplicate e-mail, and lists them page by page without hashes', async () => {
    const invalid = await api().post('/api/v1/users').set(bearer(admin.accessToken)).send({ email: 'not-an-email', password: 'short', role: 'superuser' });
    expectProblem(invalid, 400, 'validation_failed');
    expect(invalid.body.errors).toEqual(['email must be an e-mail address', 'password must be 12 to 128 characters', 'role must be one of admin, engineer, analyst, viewer, producer']);
    expect(JSON.stringify(invalid.body)).not.toContain('superuser');
    // A lone surrogate made the e-mail validator throw (500); it is an invalid address like any other.
    const loneSurrogate = await api().post('/api/v1/users').set(bearer(admin.accessToken)).send({ email: 'x\udc00y@example.com', password: PASSWORD, role: 'viewer' });
    expectProblem(loneSurrogate, 400, 'validation_failed');
    expect(loneSurrogate.body.errors).toEqual(['email must be an e-mail address']);
    expectProblem(await api().post('/api/v1/auth/login').send({ email: 'a\ud800@example.com', password: PASSWORD }), 400, 'validation_failed');
    expectProblem(
      await api().post('/api/v1/users').set(bearer(admin.accessToken)).send({ email: TEST_ADMIN_EMAIL.toUpperCase(), password: PASSWORD, role: 'viewer' }),
      409,
      'user_exists',
    );
    const listed: Array<Record<string, unknown>> = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await api()
        .get('/api/v1/users')
        .query(cursor ? { limit: 3, cursor } : { limit: 3 })
        .set(bearer(admin.accessToken))
        .expect(200);
      listed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    const stored = (await database.query('SELECT id FROM gateway.users ORDER BY id')).rows.map((row) => row.id);
    expect(listed.map((user) => user.id)).toEqual(stored);
    expect(Object.keys(listed[0]).sort()).toEqual(['canReveal', 'createdAt', 'disabledAt', 'email', 'id', 'role']);
    expectProblem(await api().get('/api/v1/users').query({ cursor: 'bm90LWEtY3Vyc29y' }).set(bearer(admin.accessToken)), 400, 'cursor_invalid');
    expectProblem(await api().get('/api/v1/users').query({ limit: 501 }).set(bearer(admin.accessToken)), 400, 'validation_failed');
    expectProblem(await api().get('/api/v1/users').query({ sort: 'email' }).set(bearer(admin.accessToken)), 400, 'validation_failed');
    // Newest first with sort=-createdAt; a cursor of that sort is refused by the default one.
    const newest = await api().get('/api/v1/users').query({ limit: 2, sort: '-createdAt' }).set(bearer(admin.accessToken)).expect(200);
    expect(newest.body.items.map((user: { id: string }) => user.id)).toEqual([...stored].reverse().slice(0, 2));
    expect(newest.body.nextCursor).toEqual(expect.any(String));
    expectProblem(await api().get('/api/v1/users').query({ limit: 2, cursor: newest.body.nextCursor }).set(bearer(admin.accessToken)), 400, 'cursor_invalid');
  });

  it('shows a key once, lists keys without secrets, and refuses a revoked or expired key', async () => {
    const { id, key } = await createKey('producer', 'nightly export');
    expect(key).toMatch(/^atlas_key_[A-Za-z0-9_-]{43}$/);
    await api().post('/api/v1/sources/keys/records').set('X-API-Key', key).send([{ id: 1 }]).expect(202);
    const keys = (await api().get('/api/v1/api-keys').query({ limit: 200 }).set(bearer(admin.accessToken)).expect(200)).body.items;
    const listed = keys.find((row: { id: string }) => row.id === id);
    expect(listed).toEqual({
      id,
      name: 'nightly export',
      role: 'producer',
      canReveal: false,
      keyPrefix: key.slice(0, 16),
      createdBy: `user:${adminId}`,
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
      revokedAt: null,
    });
    expect(JSON.stringify(keys)).not.toContain(key);
    const revoked = await api().delete(`/api/v1/api-keys/${id}`).set(bearer(admin.accessToken)).expect(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expectProblem(await api().post('/api/v1/sources/keys/records').set('X-API-Key', key).send([{ id: 2 }]), 401, 'api_key_revoked');
    expectProblem(await api().get('/api/v1/users').set('X-API-Key', key), 401, 'api_key_revoked');

    const expiring = await createKey('viewer');
    await database.query("UPDATE gateway.api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [expiring.id]);
    expectProblem(await api().get('/api/v1/audit').set(bearer(expiring.key)), 401, 'api_key_expired');

    const past = await api().post('/api/v1/api-keys').set(bearer(admin.accessToken)).send({ name: 'old', role: 'viewer', expiresAt: '2020-01-01T00:00:00Z' });
    expectProblem(past, 400, 'expiry_invalid');
    const far = await api().post('/api/v1/api-keys').set(bearer(admin.accessToken)).send({ name: 'forever', role: 'viewer', expiresAt: '2999-01-01T00:00:00Z' });
    expectProblem(far, 400, 'expiry_invalid');
  });

  it('audits every change, newest first, across cursor pages, without a secret', async () => {
    const entries = await wholeAuditLog(5);
    const ids = entries.map((entry) => Number(entry.id));
    expect(ids).toEqual([...ids].sort((first, second) => second - first));
    expect(new Set(ids).size).toBe(ids.length);
    const actions = new Set(entries.map((entry) => `${entry.action} ${entry.outcome}`));
    for (const expected of ['user.create succeeded', 'user.create failed', 'user.disable succeeded', 'api-key.create succeeded', 'api-key.revoke succeeded', 'login succeeded', 'login failed', 'logout succeeded', 'refresh-token.reused failed']) {
      expect(actions).toContain(expected);
    }
    expect(entries.at(-1)).toMatchObject({ actor: 'system', action: 'user.create', targetId: adminId, details: { role: 'admin', reason: 'first_admin' } });
    const text = JSON.stringify(entries);
    for (const secret of secretsSeen) expect(text).not.toContain(secret);
    await expect(database.query('DELETE FROM gateway.audit_log')).rejects.toThrow('gateway.audit_log is append-only');
  });

  it("serves the lineage service's run events through the gateway, with the gateway's own credential", async () => {
    const analyst = credentials['analyst user'];
    const answer = await api().get(`/api/v1/lineage/runs/${UNKNOWN_ID}/events`).query({ limit: 5 }).set(bearer(analyst)).expect(200);
    expect(answer.body).toEqual({ items: [], nextCursor: null });
    expect(answer.headers['cache-control']).toBe('no-store');
    // The lineage service itself knows nothing of users: the gateway is the front door.
    await request(lineage.baseUrl).get(`/api/v1/lineage/runs/${UNKNOWN_ID}/events`).set(bearer(analyst)).expect(401);
    expectProblem(await api().get('/api/v1/lineage/runs/not-a-uuid/events').set(bearer(analyst)), 400, 'validation_failed');
    expectProblem(await api().get(`/api/v1/lineage/runs/${UNKNOWN_ID}/events`).query({ limit: 10001 }).set(bearer(analyst)), 400, 'validation_failed');
    expectProblem(await api().get(`/api/v1/lineage/runs/${UNKNOWN_ID}/events`), 401, 'api_key_missing');
    expectProblem(await api().get(`/api/v1/lineage/runs/${UNKNOWN_ID}/events`).set(bearer(credentials['viewer user'])), 403, 'permission_denied');
  });

  it('answers 503 when the lineage service is down', async () => {
    await lineage.stop();
    expectProblem(await api().get(`/api/v1/lineage/runs/${UNKNOWN_ID}/events`).set(bearer(credentials['analyst key'])), 503, 'dependency_unavailable');
  });

  it('sends security headers', async () => {
    const response = await api().get('/health/live').expect(200);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-powered-by']).toBeUndefined();
    await api().get('/api/docs/openapi.json').expect(200);
  });

  it('limits logins per address with a 429 problem document', async () => {
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    // Twice the limit: whatever the current window holds, one window sees more than the limit.
    for (let attempt = 0; attempt <= 2 * LOGIN_LIMIT && !limited; attempt++) {
      const response = await api().post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'x' });
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }
    expect(limited).toBeDefined();
    expectProblem(limited!, 429, 'rate_limited');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited!.headers['retry-after-login']).toBe(limited!.headers['retry-after']);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([401]));
  }, 120000);
});
