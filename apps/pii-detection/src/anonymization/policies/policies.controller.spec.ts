import { INestApplication, ValidationPipe } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiKeyGuard } from '@atlas/auth';
import { BaseEnvironment } from '@atlas/config';
import { TEST_ADMIN_KEY, TEST_DETOKENIZE_KEY, TEST_NORMAL_KEY, testEnvironment } from '../test/fixtures';
import { DEFAULT_ROW, InMemoryPolicies } from '../test/in-memory-policies';
import { PoliciesController } from './policies.controller';
import { POLICY_REFRESH_INTERVAL_MS, PolicyService } from './policy.service';
import { ProtectionPolicyRepository } from './protection-policy.repository';
import { encodeCursor } from '@atlas/platform';

describe('PoliciesController', () => {
  let app: INestApplication;
  const policies = new InMemoryPolicies();
  policies.add(DEFAULT_ROW);

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [PoliciesController],
      providers: [
        { provide: BaseEnvironment, useValue: testEnvironment() },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: ProtectionPolicyRepository, useValue: policies.asRepository() },
        { provide: POLICY_REFRESH_INTERVAL_MS, useValue: 60_000 },
        PolicyService,
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.init();
  });
  afterAll(() => app.close());

  const auth = { Authorization: `Bearer ${TEST_NORMAL_KEY}` };
  const admin = { Authorization: `Bearer ${TEST_ADMIN_KEY}` };

  it('GET lists every policy with its newest version, and serves one stored version; bad or unknown versions are refused', async () => {
    await request(app.getHttpServer()).put('/api/v1/policies/listed').set(admin).send({ sourceId: 'listed', rules: { EMAIL_ADDRESS: { operator: 'redact' } } }).expect(201);
    await request(app.getHttpServer()).put('/api/v1/policies/listed').set(admin).send({ sourceId: 'listed', rules: { EMAIL_ADDRESS: { operator: 'hash' } } }).expect(201);
    const list = await request(app.getHttpServer()).get('/api/v1/policies').set(auth).expect(200);
    const listed = (list.body.items as Array<{ policyId: string; version: number }>).map((policy) => `${policy.policyId}@${policy.version}`);
    expect(listed).toEqual(['default@1', 'listed@2']);
    expect(list.body.nextCursor).toBeNull();
    // By policy id, a page at a time; the cursor holds the last policy id served.
    const firstPage = await request(app.getHttpServer()).get('/api/v1/policies').query({ limit: 1 }).set(auth).expect(200);
    expect(firstPage.body).toMatchObject({ items: [{ policyId: 'default', version: 1 }], nextCursor: encodeCursor('policies:policyId', ['default']) });
    const second = await request(app.getHttpServer()).get('/api/v1/policies').query({ limit: 1, cursor: firstPage.body.nextCursor }).set(auth).expect(200);
    expect(second.body).toMatchObject({ items: [{ policyId: 'listed', version: 2 }], nextCursor: null });
    const forged = await request(app.getHttpServer()).get('/api/v1/policies').query({ cursor: encodeCursor('policies:policyId', ["x' OR 1=1"]) }).set(auth).expect(400);
    expect(forged.body.code).toBe('cursor_invalid');
    expect((await request(app.getHttpServer()).get('/api/v1/policies').query({ limit: 501 }).set(auth)).status).toBe(400);
    const first = await request(app.getHttpServer()).get('/api/v1/policies/listed/versions/1').set(auth).expect(200);
    expect(first.body).toEqual({ policyId: 'listed', version: 1, sourceId: 'listed', createdAt: expect.stringMatching(/^\d{4}-/), rules: { EMAIL_ADDRESS: { operator: 'redact' } } });
    expect((await request(app.getHttpServer()).get('/api/v1/policies/listed/versions/3').set(auth)).status).toBe(404);
    const invalid = await request(app.getHttpServer()).get('/api/v1/policies/listed/versions/zero').set(auth);
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('version must be a whole number');
  });

  it('PUT creates a new version (201) and GET lists them', async () => {
    const body = { sourceId: 'people', rules: { DEFAULT: { operator: 'replace' }, PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } } }, fieldRules: { notes: { operator: 'drop' } } };
    const created = await request(app.getHttpServer()).put('/api/v1/policies/people-policy').set(admin).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ policyId: 'people-policy', version: 1, sourceId: 'people', fieldRules: { notes: { operator: 'drop' } } });
    const again = await request(app.getHttpServer()).put('/api/v1/policies/people-policy').set(admin).send({ ...body, rules: {} });
    expect(again.body.version).toBe(2);
    const fetched = await request(app.getHttpServer()).get('/api/v1/policies/people-policy').set(auth);
    expect(fetched.status).toBe(200);
    expect(fetched.body.latest).toMatchObject({ version: 2, rules: {} });
    expect(fetched.body.versions.map((version: { version: number }) => version.version)).toEqual([2, 1]);
    expect(app.get(PolicyService).policyFor('people')).toMatchObject({ policyId: 'people-policy', version: 2 });
  });

  it('answers 400 with every problem listed', async () => {
    const response = await request(app.getHttpServer()).put('/api/v1/policies/x').set(admin).send({ sourceId: 'people', rules: { PERSON: { operator: 'mask' } } });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(['rules.PERSON: maskingChar must be exactly one character']);
  });

  it('validates the policy id and answers 404 for an unknown policy', async () => {
    expect((await request(app.getHttpServer()).get('/api/v1/policies/Bad%20Id').set(auth)).status).toBe(400);
    expect((await request(app.getHttpServer()).get('/api/v1/policies/unknown').set(auth)).status).toBe(404);
  });

  it('GET needs any valid API key (permission keys included); none or an unknown one is 401', async () => {
    expect((await request(app.getHttpServer()).get('/api/v1/policies/default')).status).toBe(401);
    expect((await request(app.getHttpServer()).get('/api/v1/policies/default').set('X-API-Key', 'not-a-configured-key-000000000')).status).toBe(401);
    for (const key of [TEST_NORMAL_KEY, TEST_ADMIN_KEY, TEST_DETOKENIZE_KEY]) {
      expect((await request(app.getHttpServer()).get('/api/v1/policies/default').set('X-API-Key', key)).status).toBe(200);
    }
  });

  it('PUT needs pii:admin: an ordinary or reveal key gets 403 naming it, and no version is written', async () => {
    const keep = { sourceId: '*', rules: { DEFAULT: { operator: 'keep' } } };
    const before = (await request(app.getHttpServer()).get('/api/v1/policies/default').set(auth)).body.latest.version;
    for (const key of [TEST_NORMAL_KEY, TEST_DETOKENIZE_KEY]) {
      const response = await request(app.getHttpServer()).put('/api/v1/policies/default').set('X-API-Key', key).send(keep);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'permission_denied', permission: 'pii:admin', message: 'This API key lacks the permission pii:admin; a key from PII_ADMIN_API_KEYS is required' });
    }
    expect((await request(app.getHttpServer()).put('/api/v1/policies/default').send(keep)).status).toBe(401);
    expect((await request(app.getHttpServer()).get('/api/v1/policies/default').set(auth)).body.latest.version).toBe(before);
    expect(app.get(PolicyService).policyFor('people')).toMatchObject({ policyId: 'people-policy' });
  });
});
