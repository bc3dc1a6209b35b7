import { HttpException } from '@nestjs/common';
import { ApiKeyCaller, Permission, permissionsOf } from '@atlas/auth';
import { rectificationBinding } from '@atlas/contracts';
import { deadLetterUnsealerForVaultKey } from '@atlas/kafka';
import { GatewayEnvironment } from '../gateway-environment';
import { AuditEntry, AuditLogRepository } from '../identity/audit-log.repository';
import { CreateSubjectRequestBody } from './dto/subject-request.dto';
import { EMPTY_PLAN } from './erasure-steps';
import { SubjectRequestRunner } from './subject-request.runner';
import { identifierHash, identifierHashKey } from './subject-identifier';
import { LocatedSubject, SubjectLocator } from './subject-locator';
import { NewSubjectRequest, SubjectRequestRow, SubjectRequestsRepository } from './subject-requests.repository';
import { SubjectRequestsService } from './subject-requests.service';

const SIGNING_KEY = Buffer.alloc(32, 9).toString('base64');
/** Stands for pii-detection: the only holder of the key that opens what the gateway seals. */
const VAULT_UNSEALER = deadLetterUnsealerForVaultKey(Buffer.alloc(32, 7));
const OLD_NAME_TOKEN = `tok_${'n'.repeat(26)}`;
const OTHER_TOKEN = `tok_${'p'.repeat(26)}`;
const IDENTIFIER = 'Erin.Subject@example.org';

const LOCATED: LocatedSubject = {
  plan: { ...EMPTY_PLAN, explore: ['00000000-0000-4000-8000-000000000001'], identifierTokens: [`tok_${'a'.repeat(26)}`] },
  found: { explore: 1, navigate: 0, quarantine: 0, vaultTokens: 1, truncated: false },
  records: [{ layer: 'explore', recordId: '00000000-0000-4000-8000-000000000001', sourceId: 'people', runId: 'run', payload: { email: IDENTIFIER } }],
};

/** The subject in Explore and Navigate: the name field's token is the old name, the phone's is another value. */
const LOCATED_WITH_NAVIGATE: LocatedSubject = {
  plan: { ...EMPTY_PLAN, explore: ['00000000-0000-4000-8000-000000000001'], navigate: ['00000000-0000-4000-8000-000000000001'] },
  found: { explore: 1, navigate: 1, quarantine: 0, vaultTokens: 2, truncated: false },
  records: [
    { layer: 'explore', recordId: '00000000-0000-4000-8000-000000000001', sourceId: 'people', runId: 'run', payload: { email: IDENTIFIER, name: 'Erin Subject' } },
    { layer: 'navigate', recordId: '00000000-0000-4000-8000-000000000001', sourceId: 'people', runId: 'run', payload: { email: 'ab12', name: OLD_NAME_TOKEN, phone: OTHER_TOKEN } },
  ],
};

function caller(canReveal: boolean): ApiKeyCaller {
  return new ApiKeyCaller('user:1', permissionsOf('admin', canReveal), new Map<Permission, string>(), { kind: 'user', id: '1', role: 'admin' });
}

function setup() {
  const stored: SubjectRequestRow[] = [];
  const audit: AuditEntry[] = [];
  const requests = {
    insert: jest.fn(async (row: NewSubjectRequest) => {
      const full: SubjectRequestRow = { ...row, steps: {}, lastError: null, createdAt: '2026-11-30T01:00:00.000000Z', dueAt: '2026-12-30T01:00:00.000000Z', completedAt: null };
      stored.push(full);
      return full;
    }),
    get: jest.fn(async (id: string) => stored.find((row) => row.id === id)),
  };
  const locator = { locate: jest.fn(async () => LOCATED) };
  const runner = { run: jest.fn(async () => undefined) };
  const service = new SubjectRequestsService(
    Object.assign(new GatewayEnvironment(), { GATEWAY_TOKEN_SIGNING_KEY: SIGNING_KEY, ATLAS_DEAD_LETTER_PUBLIC_KEY: VAULT_UNSEALER.publicKeyBase64 }),
    requests as unknown as SubjectRequestsRepository,
    locator as unknown as SubjectLocator,
    runner as unknown as SubjectRequestRunner,
    { record: async (entry: AuditEntry) => void audit.push(entry) } as unknown as AuditLogRepository,
  );
  return { service, stored, audit, locator, runner };
}

const body = (overrides: Partial<CreateSubjectRequestBody> = {}): CreateSubjectRequestBody => ({
  type: 'erasure',
  identifierType: 'email',
  identifier: IDENTIFIER,
  reason: 'Art. 17 request, ticket 4711',
  ...overrides,
});

async function problemOf(attempt: Promise<unknown>): Promise<[number, string]> {
  try {
    await attempt;
  } catch (error) {
    return [(error as HttpException).getStatus(), ((error as HttpException).getResponse() as { code: string }).code];
  }
  throw new Error('expected a refusal');
}

describe('SubjectRequestsService', () => {
  it('stores an erasure with the keyed hash and the located plan, never the identifier, then runs it', async () => {
    const { service, stored, audit, runner } = setup();
    const created = await service.create(caller(false), body());
    const hash = identifierHash(identifierHashKey(SIGNING_KEY), 'email', IDENTIFIER);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'erasure', identifierType: 'email', identifierHash: hash, status: 'in_progress', requestedBy: 'user:1', plan: LOCATED.plan });
    expect(runner.run).toHaveBeenCalledWith(created.id, 'user:1');
    expect(created.coverage.notCovered[0]).toContain('atlas.dead-letter.v1');
    expect(created).not.toHaveProperty('export');
    expect(audit).toEqual([
      {
        actor: 'user:1',
        action: 'subject-request.create',
        targetType: 'subject-request',
        targetId: created.id,
        outcome: 'succeeded',
        details: { type: 'erasure', identifierType: 'email', identifierHash: hash, explore: 1, navigate: 0, quarantine: 0, vaultTokens: 1, truncated: false },
      },
    ]);
    expect(JSON.stringify([stored, audit]).toLowerCase()).not.toContain('erin');
  });

  it('exports for access (completed at once, no plan kept), only to a caller holding pii:reveal', async () => {
    const { service, stored, audit, locator } = setup();
    expect(await problemOf(service.create(caller(false), body({ type: 'access' })))).toEqual([403, 'permission_denied']);
    expect(locator.locate).not.toHaveBeenCalled();
    const created = await service.create(caller(true), body({ type: 'access' }));
    expect(locator.locate).toHaveBeenCalledWith('email', IDENTIFIER, true);
    expect(created.export).toEqual({ records: LOCATED.records, vaultTokens: [`tok_${'a'.repeat(26)}`] });
    expect(stored[0]).toMatchObject({ status: 'completed', plan: EMPTY_PLAN });
    expect(audit.map((entry) => [entry.action, entry.details?.records])).toEqual([
      ['subject-request.create', undefined],
      ['subject-request.export', 1],
    ]);
  });

  it('refuses a malformed identifier, and a reason that would store the identifier in clear', async () => {
    const { service, stored } = setup();
    expect(await problemOf(service.create(caller(true), body({ identifier: 'not-an-address' })))).toEqual([400, 'validation_failed']);
    expect(await problemOf(service.create(caller(true), body({ identifierType: 'phone', identifier: '12ab' })))).toEqual([400, 'validation_failed']);
    expect(await problemOf(service.create(caller(true), body({ identifier: 'erin@example.org\u0000' })))).toEqual([400, 'validation_failed']);
    expect(await problemOf(service.create(caller(true), body({ reason: 'asked by ERIN.subject@example.org by mail' })))).toEqual([400, 'reason_contains_identifier']);
    expect(stored).toEqual([]);
  });

  it('audits a request whose records could not be located, and stores nothing', async () => {
    const { service, stored, audit, locator } = setup();
    locator.locate.mockRejectedValueOnce(new Error('connector down'));
    await expect(service.create(caller(false), body())).rejects.toThrow('connector down');
    expect(stored).toEqual([]);
    expect(audit.map((entry) => [entry.action, entry.outcome])).toEqual([['subject-request.create', 'failed']]);
  });

  it('answers 404 for an unknown request', async () => {
    const { service } = setup();
    expect(await problemOf(service.get('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01'))).toEqual([404, 'subject_request_not_found']);
    expect(await problemOf(service.resume(caller(false), '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01'))).toEqual([404, 'subject_request_not_found']);
  });

  it('stores a rectification with the field names, the plan and the new values sealed to the vault key for this request only, then runs it', async () => {
    const { service, stored, audit, locator, runner } = setup();
    locator.locate.mockResolvedValueOnce(LOCATED_WITH_NAVIGATE);
    const created = await service.create(caller(false), body({ type: 'rectification', corrections: { name: 'Erin Rectified', city: null } }));
    // The payloads are read for the tokens the corrected fields hold now.
    expect(locator.locate).toHaveBeenCalledWith('email', IDENTIFIER, true);
    expect(stored[0]).toMatchObject({
      type: 'rectification',
      status: 'in_progress',
      rectifiedFields: ['city', 'name'],
      plan: { explore: LOCATED_WITH_NAVIGATE.plan.explore, navigate: LOCATED_WITH_NAVIGATE.plan.navigate, quarantine: [], sourceIds: ['people'], replacedTokens: [OLD_NAME_TOKEN] },
    });
    const sealed = stored[0].correctionsSealed!;
    expect(JSON.parse(VAULT_UNSEALER.unsealBound(sealed, rectificationBinding(created.id)).toString('utf8'))).toEqual({ name: 'Erin Rectified', city: null });
    expect(() => VAULT_UNSEALER.unsealBound(sealed, rectificationBinding('0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01'))).toThrow('could not be opened');
    expect(runner.run).toHaveBeenCalledWith(created.id, 'user:1');
    expect(created.fields).toEqual(['city', 'name']);
    expect(created).not.toHaveProperty('export');
    expect(audit.map((entry) => entry.details)).toEqual([
      {
        type: 'rectification',
        identifierType: 'email',
        identifierHash: identifierHash(identifierHashKey(SIGNING_KEY), 'email', IDENTIFIER),
        fields: 'city,name',
        explore: 1,
        navigate: 1,
        quarantine: 0,
        vaultTokens: 2,
        truncated: false,
      },
    ]);
    expect(JSON.stringify([stored, audit, created])).not.toContain('Rectified');
  });

  it('refuses a rectification without corrections, corrections on another type, and a reason quoting a new value', async () => {
    const { service, stored, locator } = setup();
    expect(await problemOf(service.create(caller(true), body({ type: 'rectification' })))).toEqual([400, 'validation_failed']);
    expect(await problemOf(service.create(caller(true), body({ corrections: { name: 'Erin Rectified' } })))).toEqual([400, 'validation_failed']);
    expect(await problemOf(service.create(caller(true), body({ type: 'access', corrections: { name: 'Erin Rectified' } })))).toEqual([400, 'validation_failed']);
    const quoted = body({ type: 'rectification', corrections: { name: 'Erin Rectified', vip: true }, reason: 'new name erin rectified, ticket 9' });
    expect(await problemOf(service.create(caller(true), quoted))).toEqual([400, 'reason_contains_correction']);
    expect(locator.locate).not.toHaveBeenCalled();
    expect(stored).toEqual([]);
  });
});
