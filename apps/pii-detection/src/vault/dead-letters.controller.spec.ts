import { INestApplication, ValidationPipe } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ApiKeyGuard, apiKeyFingerprint } from '@atlas/auth';
import { BaseEnvironment } from '@atlas/config';
import { TOPICS } from '@atlas/contracts';
import { DeadLetterSealer } from '@atlas/kafka';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { TEST_ADMIN_KEY, TEST_DEAD_LETTER_PUBLIC_KEY, TEST_DETOKENIZE_KEY, TEST_NORMAL_KEY, testEnvironment } from '../anonymization/test/fixtures';
import { PiiDetectionEnvironment } from '../pii-detection-environment';
import { DeadLetterUnsealAuditRepository } from './dead-letter-unseal-audit.repository';
import { DeadLetterUnsealing } from './dead-letter-unsealing';
import { DeadLettersController } from './dead-letters.controller';
import { InMemoryUnsealAudit } from './test/in-memory-unseal-audit';

const ORIGINAL = Buffer.from('{"recordId":"r-1","payload":{"email":"jane@example.com"}}');
const SOURCE = { topic: TOPICS.INGEST_RECORDS, partition: 1, offset: '17' };
const POSITION_COLUMNS = { sourceTopic: SOURCE.topic, sourcePartition: 1, sourceOffset: '17' };

describe('POST /api/v1/dead-letters/unseal', () => {
  let app: INestApplication;
  const audit = new InMemoryUnsealAudit();
  const sealer = new DeadLetterSealer(TEST_DEAD_LETTER_PUBLIC_KEY);
  const unseal = () => request(app.getHttpServer()).post('/api/v1/dead-letters/unseal');
  const deadLetter = () => ({
    reason: 'value is not valid JSON',
    service: 'connector',
    failedAt: '2026-01-15T10:00:00.000Z',
    source: { ...SOURCE, index: 3 },
    originalKey: 'r-1',
    sealedOriginalValue: sealer.seal(ORIGINAL, SOURCE),
    originalHeaders: {},
  });

  beforeAll(async () => {
    const environment = testEnvironment();
    const moduleRef = await Test.createTestingModule({
      controllers: [DeadLettersController],
      providers: [
        { provide: PiiDetectionEnvironment, useValue: environment },
        { provide: BaseEnvironment, useValue: environment },
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        ProtectionKeys,
        DeadLetterUnsealing,
        { provide: DeadLetterUnsealAuditRepository, useValue: audit.asRepository() },
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    await app.init();
  });

  afterAll(() => app.close());
  beforeEach(() => {
    audit.entries.splice(0);
    audit.record.mockClear();
  });

  it('returns the original bytes of a whole dead letter to a pii:reveal key, uncached, and audits the grant', async () => {
    const response = await unseal().set('Authorization', `Bearer ${TEST_DETOKENIZE_KEY}`).send(deadLetter());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ source: SOURCE, originalValueBase64: ORIGINAL.toString('base64') });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(audit.entries).toEqual([{ ...POSITION_COLUMNS, requesterFingerprint: apiKeyFingerprint(TEST_DETOKENIZE_KEY), allowed: true, reason: 'granted' }]);
  });

  it('accepts just { source, sealedOriginalValue }', async () => {
    const { source, sealedOriginalValue } = deadLetter();
    const response = await unseal().set('X-API-Key', TEST_DETOKENIZE_KEY).send({ source: { topic: source.topic, partition: source.partition, offset: source.offset }, sealedOriginalValue });
    expect(Buffer.from(response.body.originalValueBase64, 'base64')).toEqual(ORIGINAL);
  });

  it('answers 403 to ordinary and admin keys and audits the refusals with the position, never the value', async () => {
    const normal = await unseal().set('X-API-Key', TEST_NORMAL_KEY).send(deadLetter());
    const admin = await unseal().set('X-API-Key', TEST_ADMIN_KEY).send(deadLetter());
    expect([normal.status, admin.status]).toEqual([403, 403]);
    expect(normal.body.message).toBe('This API key lacks the permission pii:reveal; a key from PII_DETOKENIZE_API_KEYS is required');
    expect(audit.entries).toEqual([
      { ...POSITION_COLUMNS, requesterFingerprint: apiKeyFingerprint(TEST_NORMAL_KEY), allowed: false, reason: 'not_permitted' },
      { ...POSITION_COLUMNS, requesterFingerprint: apiKeyFingerprint(TEST_ADMIN_KEY), allowed: false, reason: 'not_permitted' },
    ]);
    expect(JSON.stringify([normal.body, admin.body, audit.entries])).not.toContain('jane');
  });

  it('refuses requests without a key or with an unknown key (401) without writing anything', async () => {
    expect((await unseal().send(deadLetter())).status).toBe(401);
    expect((await unseal().set('X-API-Key', 'not-a-configured-key-000000000').send(deadLetter())).status).toBe(401);
    expect(audit.record).not.toHaveBeenCalled();
  });

  it('answers 422 for a value moved to another position or altered, and audits it', async () => {
    const moved = { ...deadLetter(), source: { ...SOURCE, offset: '18' } };
    const response = await unseal().set('X-API-Key', TEST_DETOKENIZE_KEY).send(moved);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ code: 'unseal_failed' });
    const altered = deadLetter();
    altered.sealedOriginalValue.tag = Buffer.alloc(16).toString('base64');
    expect((await unseal().set('X-API-Key', TEST_DETOKENIZE_KEY).send(altered)).status).toBe(422);
    expect(audit.entries.map((entry) => [entry.sourceOffset, entry.allowed, entry.reason])).toEqual([
      ['18', false, 'unseal_failed'],
      ['17', false, 'unseal_failed'],
    ]);
  });

  it('answers 400 naming what is wrong, without echoing values, and audits it without a position when there is none', async () => {
    const response = await unseal().set('X-API-Key', TEST_DETOKENIZE_KEY).send({ source: { topic: 'jane@example.com is not a topic', partition: 0, offset: '1' }, sealedOriginalValue: 'jane@example.com' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_unseal_request');
    expect(response.body.message).toMatch(/^The body must be \{ source: \{ topic, partition, offset \}, sealedOriginalValue \}: /);
    expect(JSON.stringify(response.body)).not.toContain('jane');
    expect(audit.entries).toEqual([{ sourceTopic: null, sourcePartition: null, sourceOffset: null, requesterFingerprint: apiKeyFingerprint(TEST_DETOKENIZE_KEY), allowed: false, reason: 'invalid_request' }]);
  });
});
