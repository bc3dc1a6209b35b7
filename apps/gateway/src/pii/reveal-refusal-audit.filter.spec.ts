import { ArgumentsHost } from '@nestjs/common';
import { ApiKeyCaller, attachCaller, PermissionDeniedException } from '@atlas/auth';
import { AuditEntry, AuditLogRepository } from '../identity/audit-log.repository';
import { RevealRefusalAuditFilter } from './reveal-refusal-audit.filter';

const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz';

describe('RevealRefusalAuditFilter', () => {
  const caller = new ApiKeyCaller('user:u7', new Set(), new Map(), { kind: 'user', id: 'u7', role: 'analyst' });

  async function refuse(body: unknown, record: (entry: AuditEntry) => Promise<void>) {
    const request = { body };
    attachCaller(request, caller);
    const sent: { status?: number; type?: string; body?: string } = {};
    const response = {
      status: (code: number) => ((sent.status = code), response),
      setHeader: (_name: string, value: string) => void (sent.type = value),
      send: (text: string) => void (sent.body = text),
    };
    const host = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }) } as unknown as ArgumentsHost;
    await new RevealRefusalAuditFilter({ record } as AuditLogRepository).catch(new PermissionDeniedException('pii:reveal', 'user:u7', undefined, caller.identity), host);
    return sent;
  }

  it('audits who was refused which token, and answers the 403 as a problem document without the body', async () => {
    const entries: AuditEntry[] = [];
    const sent = await refuse({ token: TOKEN, reason: 'a reason with someone@example.org' }, async (entry) => void entries.push(entry));
    expect(entries).toEqual([{ actor: 'user:u7', action: 'pii.reveal', targetType: 'vault-token', targetId: TOKEN, outcome: 'failed', details: { status: 403, code: 'permission_denied' } }]);
    expect([sent.status, sent.type, JSON.parse(sent.body!).code]).toEqual([403, 'application/problem+json', 'permission_denied']);
    expect(sent.body).not.toContain('example.org');
  });

  it('keeps no malformed token, and still answers 403 when the audit log cannot be written', async () => {
    const entries: AuditEntry[] = [];
    await refuse({ token: 'not a token' }, async (entry) => void entries.push(entry));
    expect(entries[0].targetId).toBeUndefined();
    const sent = await refuse({ token: TOKEN }, () => Promise.reject(new Error('database down')));
    expect(sent.status).toBe(403);
  });
});
