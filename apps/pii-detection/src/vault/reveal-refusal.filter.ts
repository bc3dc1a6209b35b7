import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PermissionDeniedException } from '@atlas/auth';
import { DeadLetterUnsealing } from './dead-letter-unsealing';
import { TokenVault } from './token-vault';

interface RequestWithBody {
  body?: unknown;
}

/**
 * Audits a known API key refused pii:reveal, then answers the guard's 403 as Nest would. The guard
 * decides before the handler runs, so the refusal is recorded here. Requests without a key or with
 * an unknown key (401) are never audited: an unauthenticated flood must not write the audit table.
 */
abstract class RevealRefusalFilter implements ExceptionFilter<PermissionDeniedException> {
  private readonly logger = new Logger('RevealRefusalAudit');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  protected abstract auditRefusal(body: unknown, keyFingerprint: string): Promise<void>;

  async catch(exception: PermissionDeniedException, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    try {
      await this.auditRefusal(http.getRequest<RequestWithBody>().body, exception.keyFingerprint);
    } catch (error) {
      // The request is refused either way; the failure is logged without the request's content.
      this.logger.error(`Could not audit a refused ${exception.permission} request: ${(error as Error).name}`);
    }
    this.adapterHost.httpAdapter.reply(http.getResponse(), exception.getResponse(), exception.getStatus());
  }
}

@Catch(PermissionDeniedException)
@Injectable()
export class DetokenizeRefusalFilter extends RevealRefusalFilter {
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly vault: TokenVault,
  ) {
    super(adapterHost);
  }

  protected auditRefusal(body: unknown, keyFingerprint: string): Promise<void> {
    return this.vault.auditRefusal(body, keyFingerprint);
  }
}

@Catch(PermissionDeniedException)
@Injectable()
export class UnsealRefusalFilter extends RevealRefusalFilter {
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly unsealing: DeadLetterUnsealing,
  ) {
    super(adapterHost);
  }

  protected auditRefusal(body: unknown, keyFingerprint: string): Promise<void> {
    return this.unsealing.auditRefusal(body, keyFingerprint);
  }
}
