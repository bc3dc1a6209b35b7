import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import { callerOf, PermissionDeniedException } from '@atlas/auth';
import { AuditLogRepository } from '../identity/audit-log.repository';
import { ProblemDetailsFilter } from '../identity/problem-details.filter';
import { VAULT_TOKEN } from './reveal.dto';

/** The audit entry's action of every reveal attempt, granted or refused. */
export const REVEAL_ACTION = 'pii.reveal';

const DEAD_LETTER_ID = /^[1-9]\d{0,15}$/;

/** What a reveal tried to open: a dead letter named by the path, or a vault token in the body. Only well-formed ids are kept (nothing was validated yet). */
function revealTargetOf(request: { body?: unknown; params?: Record<string, string> }): { targetType: string; targetId?: string } {
  const deadLetterId = request.params?.deadLetterId;
  if (deadLetterId !== undefined) return { targetType: 'dead-letter', targetId: DEAD_LETTER_ID.test(deadLetterId) ? deadLetterId : undefined };
  const token = typeof request.body === 'object' && request.body !== null ? (request.body as { token?: unknown }).token : undefined;
  return { targetType: 'vault-token', targetId: typeof token === 'string' && VAULT_TOKEN.test(token) ? token : undefined };
}

/**
 * A signed-in caller refused pii:reveal is audited too (who tried to reveal which token), then
 * answered as every gateway error. The guard decides before the handler runs, so the refusal is
 * recorded here (a vault token's or a dead letter's reveal); a request without valid credentials (401) is never audited.
 */
@Catch(PermissionDeniedException)
@Injectable()
export class RevealRefusalAuditFilter implements ExceptionFilter<PermissionDeniedException> {
  private readonly logger = new Logger('RevealRefusalAudit');
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly audit: AuditLogRepository) {}

  async catch(exception: PermissionDeniedException, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<{ body?: unknown; params?: Record<string, string> }>();
    try {
      await this.audit.record({
        actor: callerOf(request).actor,
        action: REVEAL_ACTION,
        ...revealTargetOf(request),
        outcome: 'failed',
        details: { status: exception.getStatus(), code: 'permission_denied' },
      });
    } catch (error) {
      // Refused either way; the failure is logged without the request's content.
      this.logger.error(`Could not audit a refused reveal: ${(error as Error).name}`);
    }
    this.problems.catch(exception, host);
  }
}
