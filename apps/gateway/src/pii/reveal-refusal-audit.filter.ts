import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import { callerOf, PermissionDeniedException } from '@atlas/auth';
import { AuditLogRepository } from '../identity/audit-log.repository';
import { ProblemDetailsFilter } from '../identity/problem-details.filter';
import { VAULT_TOKEN } from './reveal.dto';

/** The audit entry's action of every reveal attempt, granted or refused. */
export const REVEAL_ACTION = 'pii.reveal';

/**
 * A signed-in caller refused pii:reveal is audited too (who tried to reveal which token), then
 * answered as every gateway error. The guard decides before the handler runs, so the refusal is
 * recorded here; a request without valid credentials (401) is never audited.
 */
@Catch(PermissionDeniedException)
@Injectable()
export class RevealRefusalAuditFilter implements ExceptionFilter<PermissionDeniedException> {
  private readonly logger = new Logger('RevealRefusalAudit');
  private readonly problems = new ProblemDetailsFilter();

  constructor(private readonly audit: AuditLogRepository) {}

  async catch(exception: PermissionDeniedException, host: ArgumentsHost): Promise<void> {
    const request = host.switchToHttp().getRequest<{ body?: unknown }>();
    const token = typeof request.body === 'object' && request.body !== null ? (request.body as { token?: unknown }).token : undefined;
    try {
      await this.audit.record({
        actor: callerOf(request).actor,
        action: REVEAL_ACTION,
        targetType: 'vault-token',
        // Only a well-formed token is kept: the body was not validated yet.
        targetId: typeof token === 'string' && VAULT_TOKEN.test(token) ? token : undefined,
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
