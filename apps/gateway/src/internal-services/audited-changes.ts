import { HttpException, Injectable } from '@nestjs/common';
import { ApiKeyCaller } from '@atlas/auth';
import { AuditLogRepository } from '../identity/audit-log.repository';
import { UpstreamAnswer } from './internal-service-client';

/** What a change through an internal service does to what: the audit entry's action and target. */
export interface AuditedChange {
  /** `<area>.<verb>`, e.g. `source.create`. */
  action: string;
  targetType: string;
  /** The target's id, from the request (validated there); absent when the request names none. */
  targetId?: string;
  /** What else the entry must say (a reveal's reason), validated and bounded by the route; never a value. */
  details?: Record<string, string>;
}

function codeOf(error: unknown): string {
  if (!(error instanceof HttpException)) return 'internal_error';
  const response = error.getResponse();
  const code = typeof response === 'object' && response !== null ? (response as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : `http_${error.getStatus()}`;
}

/**
 * Every change made through an internal service is audited in gateway.audit_log like identity
 * changes: who, what, on which target, whether it succeeded (with the status, or the refusal's
 * status and code). Never a body or a value.
 */
@Injectable()
export class AuditedChanges {
  constructor(private readonly audit: AuditLogRepository) {}

  async make(caller: ApiKeyCaller, change: AuditedChange, call: () => Promise<UpstreamAnswer>): Promise<UpstreamAnswer> {
    const entry = { actor: caller.actor, action: change.action, targetType: change.targetType, targetId: change.targetId };
    let answer: UpstreamAnswer;
    try {
      answer = await call();
    } catch (error) {
      const status = error instanceof HttpException ? error.getStatus() : 500;
      await this.audit.record({ ...entry, outcome: 'failed', details: { ...change.details, status, code: codeOf(error) } });
      throw error;
    }
    await this.audit.record({ ...entry, outcome: 'succeeded', details: { ...change.details, status: answer.status } });
    return answer;
  }
}
