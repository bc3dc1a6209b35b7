import { Logger } from '@nestjs/common';
import { GatewayEnvironment } from '../gateway-environment';
import { AuditEntry, AuditLogRepository } from './audit-log.repository';
import { FirstAdmin } from './first-admin';
import { verifyPassword } from './password-hashing';
import { NewUser, UserRow, UsersRepository } from './users.repository';

describe('FirstAdmin', () => {
  let stored: UserRow[];
  let audit: AuditEntry[];

  function firstAdmin(environment: Partial<GatewayEnvironment>): FirstAdmin {
    const users = {
      findByEmail: async (email: string) => stored.find((user) => user.email === email),
      create: async (user: NewUser) => {
        if (stored.some((existing) => existing.email === user.email)) return undefined;
        const row = { ...user, createdAt: new Date(), disabledAt: null };
        stored.push(row);
        return row;
      },
    };
    const auditLog = { record: async (entry: AuditEntry) => void audit.push(entry) };
    return new FirstAdmin(Object.assign(new GatewayEnvironment(), environment), users as unknown as UsersRepository, auditLog as unknown as AuditLogRepository);
  }

  let logged: string[];

  beforeEach(() => {
    stored = [];
    audit = [];
    logged = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: string) => void logged.push(message));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: string) => void logged.push(message));
  });

  afterEach(() => jest.restoreAllMocks());

  it('creates an admin from the secret, with an Argon2id hash of it, and audits it', async () => {
    await firstAdmin({ ATLAS_ADMIN_EMAIL: 'Root@Atlas.local', ATLAS_ADMIN_PASSWORD: 'first-admin-password' }).onApplicationBootstrap();
    expect(stored).toEqual([expect.objectContaining({ email: 'root@atlas.local', role: 'admin', canReveal: false })]);
    expect(await verifyPassword('first-admin-password', stored[0].passwordHash)).toBe(true);
    expect(audit).toEqual([{ actor: 'system', action: 'user.create', targetType: 'user', targetId: stored[0].id, outcome: 'succeeded', details: { role: 'admin', reason: 'first_admin' } }]);
  });

  it('changes nothing at a later start, even with another password', async () => {
    await firstAdmin({ ATLAS_ADMIN_PASSWORD: 'first-admin-password' }).onApplicationBootstrap();
    const before = structuredClone(stored);
    await firstAdmin({ ATLAS_ADMIN_PASSWORD: 'another-password-now' }).onApplicationBootstrap();
    expect(stored).toEqual(before);
    expect(audit).toHaveLength(1);
  });

  it('creates nobody without a password', async () => {
    await firstAdmin({ ATLAS_ADMIN_PASSWORD: undefined }).onApplicationBootstrap();
    expect([stored, audit]).toEqual([[], []]);
    expect(logged).toEqual(['ATLAS_ADMIN_PASSWORD is not set: no first admin is created']);
  });
});
