import { HttpException, Injectable, Logger, OnApplicationBootstrap, UnprocessableEntityException } from '@nestjs/common';
import { ProtectCorrectionsResult } from '@atlas/contracts';
import { AuditLogRepository } from '../identity/audit-log.repository';
import { ERASURE_STEPS, ErasurePlan, ErasureStep, runSteps, StepOutcome, StepOutcomes } from './erasure-steps';
import { RECTIFICATION_STEPS, RectificationPlan, RectificationStep } from './rectification-steps';
import { SubjectRectifier } from './subject-rectifier';
import { SubjectServices } from './subject-services';
import { SubjectLocator } from './subject-locator';
import { SubjectRequestRow, SubjectRequestsRepository } from './subject-requests.repository';

/** Most unfinished requests resumed at start-up (the rest on the next start or through POST …/resume). */
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
 * Carries out erasure and rectification plans step by step (see erasure-steps.ts) against the
 * services' internal APIs, recording each step in the request and the audit log; at start-up it
 * resumes the requests a crash or restart left unfinished.
 */
@Injectable()
export class SubjectRequestRunner implements OnApplicationBootstrap {
  private readonly logger = new Logger(SubjectRequestRunner.name);

  constructor(
    private readonly requests: SubjectRequestsRepository,
    private readonly services: SubjectServices,
    private readonly locator: SubjectLocator,
    private readonly audit: AuditLogRepository,
    private readonly rectifier: SubjectRectifier,
  ) {}

  onApplicationBootstrap(): void {
    // In the background: the gateway serves while the services it calls may still be starting.
    void this.resumeUnfinished();
  }

  async resumeUnfinished(): Promise<void> {
    try {
      for (const id of await this.requests.unfinishedRequests(RESUMED_AT_START)) {
        await this.run(id, 'system').catch(() => undefined);
      }
    } catch (error) {
      this.logger.warn(`Unfinished subject requests could not be resumed: ${describeFailure(error)}`);
    }
  }

  /** Runs the pending steps of request `id`; a failure is recorded in the request and rethrown. */
  async run(id: string, actor: string): Promise<void> {
    const request = await this.requests.get(id);
    if (!request || request.type === 'access' || request.status === 'completed') return;
    const target = { targetType: 'subject-request', targetId: id };
    const recordStep = async (step: string, outcome: StepOutcome) => {
      await this.requests.recordStep(id, step, outcome);
      await this.audit.record({ actor, action: 'subject-request.step', ...target, outcome: 'succeeded', details: { step, count: outcome.count } });
    };
    try {
      if (request.type === 'erasure') {
        await runSteps(ERASURE_STEPS, request.plan as ErasurePlan, request.steps as StepOutcomes<ErasureStep>, { execute: (step, plan) => this.erase(step, plan), recordStep });
      } else {
        const open = this.openerOf(request);
        await runSteps(RECTIFICATION_STEPS, request.plan as RectificationPlan, request.steps as StepOutcomes<RectificationStep>, { execute: (step, plan) => this.rectifier.execute(step, plan, open), recordStep });
      }
    } catch (error) {
      const failure = describeFailure(error);
      await this.requests.recordError(id, failure);
      await this.audit.record({ actor, action: 'subject-request.step', ...target, outcome: 'failed', details: { error: failure } });
      this.logger.warn(`Subject request ${id} (${request.type}) stopped at a step and will resume: ${failure}`);
      throw error;
    }
    // A rectification's sealed values are deleted with this update: they now live only where the records are.
    await this.requests.complete(id);
    await this.audit.record({ actor, action: 'subject-request.complete', ...target, outcome: 'succeeded' });
  }

  /** Asks pii-detection to open the request's sealed corrections, once per run and only when a step needs them. */
  private openerOf(request: SubjectRequestRow): () => Promise<ProtectCorrectionsResult> {
    let opened: Promise<ProtectCorrectionsResult> | undefined;
    return () => {
      if (!request.correctionsSealed) {
        return Promise.reject(new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', code: 'corrections_missing', message: 'The rectification holds no sealed corrections' }));
      }
      const plan = request.plan as RectificationPlan;
      opened ??= this.services.protectCorrections({ requestId: request.id, sealed: request.correctionsSealed, sourceIds: plan.sourceIds });
      return opened;
    };
  }

  private async erase(step: ErasureStep, plan: ErasurePlan): Promise<number> {
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
