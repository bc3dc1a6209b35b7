import { NotFoundException } from '@nestjs/common';
import { ApiKeyCaller } from '@atlas/auth';
import { AuditEntry, AuditLogRepository } from '../identity/audit-log.repository';
import { AuditedChanges } from './audited-changes';
import { upstreamRefusal } from './upstream-errors';

describe('AuditedChanges', () => {
  const caller = new ApiKeyCaller('user:u1', new Set(), new Map(), { kind: 'user', id: 'u1', role: 'engineer' });
  let entries: AuditEntry[];
  let changes: AuditedChanges;

  beforeEach(() => {
    entries = [];
    changes = new AuditedChanges({ record: async (entry: AuditEntry) => void entries.push(entry) } as unknown as AuditLogRepository);
  });

  it('records a change that succeeded, with its target and status, and returns the answer', async () => {
    const answer = { status: 201, body: { contractId: 'orders', version: '2' } };
    await expect(changes.make(caller, { action: 'contract.create', targetType: 'contract-version', targetId: 'orders@2' }, async () => answer)).resolves.toBe(answer);
    await changes.make(caller, { action: 'pii.anonymize-keyed', targetType: 'text' }, async () => ({ status: 200, body: {} }));
    expect(entries).toEqual([
      { actor: 'user:u1', action: 'contract.create', targetType: 'contract-version', targetId: 'orders@2', outcome: 'succeeded', details: { status: 201 } },
      { actor: 'user:u1', action: 'pii.anonymize-keyed', targetType: 'text', targetId: undefined, outcome: 'succeeded', details: { status: 200 } },
    ]);
  });

  it('adds the details the route gives (a reveal\'s reason) to the entry, succeeded or failed', async () => {
    const change = { action: 'pii.reveal', targetType: 'vault-token', targetId: 'tok_a', details: { reason: 'Ticket 4711 asks for it' } };
    await changes.make(caller, change, async () => ({ status: 200, body: {} }));
    await expect(changes.make(caller, change, () => Promise.reject(new NotFoundException()))).rejects.toBeInstanceOf(NotFoundException);
    expect(entries.map((entry) => [entry.outcome, entry.details])).toEqual([
      ['succeeded', { reason: 'Ticket 4711 asks for it', status: 200 }],
      ['failed', { reason: 'Ticket 4711 asks for it', status: 404, code: 'http_404' }],
    ]);
  });

  it("records a refused change with the refusal's status and code, and rethrows it", async () => {
    const refusal = upstreamRefusal('connector', 409, { statusCode: 409, message: 'Source people has a queued or running run' });
    await expect(changes.make(caller, { action: 'source-run.start', targetType: 'source', targetId: 'people' }, () => Promise.reject(refusal))).rejects.toBe(refusal);
    const notFound = new NotFoundException({ code: 'quarantined_record_not_found' });
    await expect(changes.make(caller, { action: 'quarantine.replay', targetType: 'quarantined-record', targetId: 'r1' }, () => Promise.reject(notFound))).rejects.toBe(notFound);
    expect(entries).toEqual([
      { actor: 'user:u1', action: 'source-run.start', targetType: 'source', targetId: 'people', outcome: 'failed', details: { status: 409, code: 'http_409' } },
      { actor: 'user:u1', action: 'quarantine.replay', targetType: 'quarantined-record', targetId: 'r1', outcome: 'failed', details: { status: 404, code: 'quarantined_record_not_found' } },
    ]);
  });
});
