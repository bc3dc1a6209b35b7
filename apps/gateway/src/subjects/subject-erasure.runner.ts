import { HttpException, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditLogRepository } from '../identity/audit-log.repository';
import { ErasurePlan, ErasureStep, runErasure } from './erasure-steps';
import { SubjectServices } from './subject-services';
import { SubjectLocator } from './subject-locator';
import { SubjectRequestsRepository } from './subject-requests.repository';

/** Most unfinished erasures resumed at start-up (the rest on the next start or through POST …/resume). */
const RESUMED_AT_START = 100;

/** What a failed step records: the error's code and message (they never hold values). */
function describeFailure(error: unknown): string {
  if (error instanceof HttpException) {
    const response = error.getResponse() as { code?: string; message?: string };
    return `${response.code ?? error.getStatus()}: ${response.message ?? error.message}`.slice(0, 500);
  }
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/**
 * Carries out erasure plans step by step (see erasure-steps.ts) against the services' internal
 * APIs, recording each step in the request and the audit log; at start-up it resumes the erasures
 * a crash or restart left unfinished.
 */
@Injectable()
export class SubjectErasureRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(SubjectErasureRunner.name);

  constructor(
    private readonly requests: SubjectRequestsRepository,
    private readonly services: SubjectServices,
    private readonly locator: SubjectLocator,
    private readonly audit: AuditLogRepository,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: the gateway serves while the services it calls may still be starting.
    void this.resumeUnfinished();
  }

  async resumeUnfinished(): Promise<void> {
    try {
      for (const id of await this.requests.unfinishedErasures(RESUMED_AT_START)) {
        await this.run(id, 'system').catch(() => undefined);
      }
    } catch (error) {
      this.logger.warn(`Unfinished erasures could not be resumed: ${describeFailure(error)}`);
    }
  }

  /** Runs the pending steps of request `id`; a failure is recorded in the request and rethrown. */
  async run(id: string, actor: string): Promise<void> {
    const request = await this.requests.get(id);
    if (!request || request.type !== 'erasure' || request.status === 'completed') return;
    const target = { targetType: 'subject-request', targetId: id };
    try {
      await runErasure(request.plan, request.steps, {
        execute: (step, plan) => this.execute(step, plan),
        recordStep: async (step, outcome) => {
          await this.requests.recordStep(id, step, outcome);
          await this.audit.record({ actor, action: 'subject-request.step', ...target, outcome: 'succeeded', details: { step, count: outcome.count } });
        },
      });
    } catch (error) {
      const failure = describeFailure(error);
      await this.requests.recordError(id, failure);
      await this.audit.record({ actor, action: 'subject-request.step', ...target, outcome: 'failed', details: { error: failure } });
      this.logger.warn(`Erasure ${id} stopped at a step and will resume: ${failure}`);
      throw error;
    }
    await this.requests.complete(id);
    await this.audit.record({ actor, action: 'subject-request.complete', ...target, outcome: 'succeeded' });
  }

  private async execute(step: ErasureStep, plan: ErasurePlan): Promise<number> {
    switch (step) {
      case 'erase_explore':
        return (await this.services.eraseRecords('connector', { layer: 'explore', recordIds: plan.explore })).deleted;
      case 'erase_navigate':
        return (await this.services.eraseRecords('connector', { layer: 'navigate', recordIds: plan.navigate })).deleted;
      case 'erase_quarantine':
        return (await this.services.eraseRecords('quality', { layer: 'quarantine', recordIds: plan.quarantine })).deleted;
      case 'shred_vault_tokens': {
        // After the subject's rows are gone: a token another row still holds is someone else's value too.
        const referenced = await this.locator.stillReferenced(plan.rowTokens);
        const tokens = [...plan.identifierTokens, ...plan.rowTokens.filter((token) => !referenced.has(token))];
        return tokens.length === 0 ? 0 : (await this.services.shredTokens(tokens)).shredded;
      }
    }
  }
}
