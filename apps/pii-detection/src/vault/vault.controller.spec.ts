import { INestApplication, ValidationPipe } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiKeyGuard } from '@atlas/auth';
import { BaseEnvironment } from '@atlas/config';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { TEST_DETOKENIZE_KEY, TEST_NORMAL_KEY, testEnvironment } from '../anonymization/test/fixtures';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { DetokenizeAuditRepository } from './detokenize-audit.repository';
import { InMemoryAudit, InMemoryVaultTokens } from './test/in-memory-repositories';
import { TokenVault } from './token-vault';
import { VaultController } from './vault.controller';
import { VaultTokenRepository } from './vault-token.repository';

describe('POST /api/v1/vault/detokenize', () => {
  let app: INestApplication;
  let vault: TokenVault;
  const audit = new InMemoryAudit();
  const tokens = new InMemoryVaultTokens();

  beforeAll(async () => {
    const environment = testEnvironment();
    const moduleRef = await Test.createTestingModule({
      controllers: [VaultController],
      providers: [
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
  beforeEach(() => audit.entries.splice(0));

  it('returns the value to a key from PII_DETOKENIZE_API_KEYS, uncached', async () => {
    const token = await vault.tokenize('default', 'EMAIL_ADDRESS', 'jane@example.com');
    const response = await request(app.getHttpServer()).post('/api/v1/vault/detokenize').set('Authorization', `Bearer ${TEST_DETOKENIZE_KEY}`).send({ token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ token, namespace: 'default', entityType: 'EMAIL_ADDRESS', value: 'jane@example.com' });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(audit.entries).toMatchObject([{ token, allowed: true, reason: 'granted' }]);
  });

  it('answers 403 to a normal Atlas key and 401 without a key, auditing both', async () => {
    const token = await vault.tokenize('default', 'PERSON', 'Jane');
    const normal = await request(app.getHttpServer()).post('/api/v1/vault/detokenize').set('X-API-Key', TEST_NORMAL_KEY).send({ token });
    expect(normal.status).toBe(403);
    expect(normal.body.message).toMatch(/PII_DETOKENIZE_API_KEYS/);
    expect(JSON.stringify(normal.body)).not.toContain('Jane');
    const anonymous = await request(app.getHttpServer()).post('/api/v1/vault/detokenize').send({ token });
    expect(anonymous.status).toBe(401);
    expect(audit.entries.map((entry) => entry.reason)).toEqual(['not_permitted', 'missing_api_key']);
  });

  it('audits a malformed body too (400)', async () => {
    const response = await request(app.getHttpServer()).post('/api/v1/vault/detokenize').set('X-API-Key', TEST_DETOKENIZE_KEY).send({ nope: 1 });
    expect(response.status).toBe(400);
    expect(audit.entries).toMatchObject([{ token: null, allowed: false, reason: 'invalid_token' }]);
  });
});
