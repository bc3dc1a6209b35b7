import { BadRequestException } from '@nestjs/common';
import { ApiKeyCaller, permissionsOf } from '@atlas/auth';
import { ApiKeyRow, ApiKeysRepository, NewApiKey } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';
import { secretHash } from './secret-tokens';

const NOW = new Date('2026-11-29T12:00:00Z');
const ADMIN = new ApiKeyCaller('user:a1', permissionsOf('admin', false), new Map(), { kind: 'user', id: 'a1', role: 'admin' });

describe('ApiKeysService', () => {
  let created: NewApiKey[];
  let audit: AuditEntry[];
  let service: ApiKeysService;

  beforeEach(() => {
    created = [];
    audit = [];
    const repository = {
      create: async (key: NewApiKey): Promise<ApiKeyRow> => {
        created.push(key);
        const { keyHash: _keyHash, ...row } = key;
        return { ...row, createdAt: NOW, revokedAt: null };
      },
    };
    service = new ApiKeysService(repository as unknown as ApiKeysRepository, { record: async (entry: AuditEntry) => void audit.push(entry) } as unknown as AuditLogRepository);
  });

  it('returns the key once and stores only its hash and first characters, audited with the creator', async () => {
    const answer = await service.create(ADMIN, { name: 'export', role: 'producer', expiresAt: '2027-01-01T00:00:00Z', canReveal: false }, NOW);
    expect(answer.key).toMatch(/^atlas_key_[A-Za-z0-9_-]{43}$/);
    expect(created).toEqual([
      { id: answer.id, name: 'export', role: 'producer', canReveal: false, keyHash: secretHash(answer.key), keyPrefix: answer.key.slice(0, 16), createdBy: 'user:a1', expiresAt: new Date('2027-01-01T00:00:00Z') },
    ]);
    expect(audit).toEqual([
      { actor: 'user:a1', action: 'api-key.create', targetType: 'api-key', targetId: answer.id, outcome: 'succeeded', details: { role: 'producer', canReveal: false, expiresAt: '2027-01-01T00:00:00.000Z' } },
    ]);
    expect(JSON.stringify(audit)).not.toContain(answer.key);
  });

  it('refuses an expiry in the past or more than 366 days ahead', async () => {
    const attempt = (expiresAt: string) => service.create(ADMIN, { name: 'x', role: 'viewer', expiresAt, canReveal: false }, NOW);
    await expect(attempt('2026-11-29T12:00:00Z')).rejects.toThrow(new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'expiry_invalid', message: 'expiresAt must be in the future' }));
    await expect(attempt('2027-12-01T12:00:01Z')).rejects.toThrow('expiresAt must be at most 366 days ahead');
    await expect(attempt('2027-11-30T12:00:00Z')).resolves.toMatchObject({ role: 'viewer' });
    expect(created).toHaveLength(1);
  });
});
