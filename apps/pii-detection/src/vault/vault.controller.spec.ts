import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiKeyGuard, apiKeyFingerprint } from '@atlas/auth';
import { BaseEnvironment } from '@atlas/config';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { TEST_ADMIN_KEY, TEST_DETOKENIZE_KEY, TEST_NORMAL_KEY, testEnvironment } from '../anonymization/test/fixtures';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { DetokenizeAuditRepository } from './detokenize-audit.repository';
import { InMemoryAudit, InMemoryKeyRotation, InMemoryVaultTokens } from './test/in-memory-repositories';
import { TokenVault } from './token-vault';
import { VaultController } from './vault.controller';
import { VaultTokenRepository } from './vault-token.repository';
import { VaultKeyRewrap } from './vault-key-rewrap';
import { VaultKeyRotationRepository } from './vault-key-rotation.repository';
import { VaultKeysController } from './vault-keys.controller';
import { VaultLookupKey } from './vault-lookup-key';

describe('POST /api/v1/vault/detokenize', () => {
  let app: INestApplication;
  let vault: TokenVault;
  const audit = new InMemoryAudit();
  const tokens = new InMemoryVaultTokens();
  const rotation = new InMemoryKeyRotation(tokens);
  const detokenize = () => request(app.getHttpServer()).post('/api/v1/vault/detokenize');

  beforeAll(async () => {
    const environment = testEnvironment();
    const moduleRef = await Test.createTestingModule({
      controllers: [VaultController, VaultKeysController],
      providers: [
        VaultLookupKey,
        VaultKeyRewrap,
        { provide: VaultKeyRotationRepository, useValue: rotation.asRepository() },
        { provide: PiiDetectionEnvironment, useValue: environment },
        { provide: BaseEnvironment, useValue: environment },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        ProtectionKeys,
        TokenVault,
        { provide: VaultTokenRepository, useValue: tokens.asRepository() },
        { provide: DetokenizeAuditRepository, useValue: audit.asRepository() },
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.init();
    vault = app.get(TokenVault);
  });

  afterAll(() => app.close());
  beforeEach(() => {
    audit.entries.splice(0);
    audit.record.mockClear();
    tokens.findByToken.mockClear();
  });

  it('returns the value to a key from PII_DETOKENIZE_API_KEYS, uncached, and audits the grant', async () => {
    const token = await vault.tokenize('default', 'EMAIL_ADDRESS', 'jane@example.com');
    const response = await detokenize().set('Authorization', `Bearer ${TEST_DETOKENIZE_KEY}`).send({ token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ token, namespace: 'default', entityType: 'EMAIL_ADDRESS', value: 'jane@example.com' });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(audit.entries).toEqual([{ token, requesterFingerprint: apiKeyFingerprint(TEST_DETOKENIZE_KEY), allowed: true, reason: 'granted' }]);
  });

  it('answers 403 to an ordinary key and to an admin key, naming the permission, and audits both refusals', async () => {
    const token = await vault.tokenize('default', 'PERSON', 'Jane');
    const normal = await detokenize().set('X-API-Key', TEST_NORMAL_KEY).send({ token });
    expect(normal.status).toBe(403);
    expect(normal.body).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      code: 'permission_denied',
      permission: 'pii:reveal',
      message: 'This API key lacks the permission pii:reveal; a key from PII_DETOKENIZE_API_KEYS is required',
    });
    expect(normal.headers['cache-control']).toBeUndefined();
    const admin = await detokenize().set('X-API-Key', TEST_ADMIN_KEY).send({ token });
    expect(admin.status).toBe(403);
    expect(JSON.stringify([normal.body, admin.body])).not.toContain('Jane');
    expect(audit.entries).toEqual([
      { token, requesterFingerprint: apiKeyFingerprint(TEST_NORMAL_KEY), allowed: false, reason: 'not_permitted' },
      { token, requesterFingerprint: apiKeyFingerprint(TEST_ADMIN_KEY), allowed: false, reason: 'not_permitted' },
    ]);
    expect(tokens.findByToken).not.toHaveBeenCalled();
  });

  it('refuses requests without a key or with an unknown key (401) before any write or lookup', async () => {
    const token = await vault.tokenize('default', 'PERSON', 'Jane');
    expect((await detokenize().send({ token })).status).toBe(401);
    expect((await detokenize().set('Authorization', 'Bearer not-a-configured-key-000000000').send({ token })).status).toBe(401);
    expect((await detokenize().set('X-API-Key', '').send({ token })).status).toBe(401);
    expect(audit.record).not.toHaveBeenCalled();
    expect(tokens.findByToken).not.toHaveBeenCalled();
  });

  it('still refuses (403) when the refusal cannot be audited', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    audit.record.mockRejectedValueOnce(new Error('database down'));
    const response = await detokenize().set('X-API-Key', TEST_NORMAL_KEY).send({ token: `tok_${'a'.repeat(26)}` });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('permission_denied');
    expect(logged).toHaveBeenCalledWith('Could not audit a refused pii:reveal request: Error');
    logged.mockRestore();
  });

  it('audits a malformed body too (400)', async () => {
    const response = await detokenize().set('X-API-Key', TEST_DETOKENIZE_KEY).send({ nope: 1 });
    expect(response.status).toBe(400);
    expect(audit.entries).toMatchObject([{ token: null, allowed: false, reason: 'invalid_token' }]);
  });

  it('serves the key status and the re-wrap to a pii:admin key only; the re-wrap is audited with the caller fingerprint', async () => {
    await vault.tokenize('crm', 'PERSON', 'Jane');
    const status = () => request(app.getHttpServer()).get('/api/v1/vault/keys');
    const rewrap = () => request(app.getHttpServer()).post('/api/v1/vault/keys/rewrap');
    expect((await status()).status).toBe(401);
    expect((await status().set('X-API-Key', TEST_DETOKENIZE_KEY)).status).toBe(403);
    const refused = await rewrap().set('X-API-Key', TEST_NORMAL_KEY).send({});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'permission_denied', permission: 'pii:admin' });
    expect(rotation.audit).toEqual([]);

    const answered = await status().set('X-API-Key', TEST_ADMIN_KEY);
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ primaryKeyId: 'default', ringKeyIds: ['default'], usage: [{ keyId: 'default', tokenKeys: tokens.keys.size, vaultScopedValues: 0, lookupKey: true }], remaining: 0 });
    expect((await rewrap().set('X-API-Key', TEST_ADMIN_KEY).send({ batchSize: 0 })).status).toBe(400);
    expect((await rewrap().set('X-API-Key', TEST_ADMIN_KEY).send({ maxBatches: 1001 })).status).toBe(400);
    expect((await rewrap().set('X-API-Key', TEST_ADMIN_KEY).send({ extra: 1 })).status).toBe(400);
    const done = await rewrap().set('X-API-Key', TEST_ADMIN_KEY).send({ batchSize: 10 });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ primaryKeyId: 'default', rewrapped: 0, remaining: 0, done: true });
    expect(rotation.audit).toEqual([{ requesterFingerprint: apiKeyFingerprint(TEST_ADMIN_KEY), primaryKeyId: 'default', rewrapped: 0, remaining: 0 }]);
  });
});
