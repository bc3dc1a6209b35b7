import { Injectable } from '@nestjs/common';
import { Corrections, ProtectCorrectionsResult } from '@atlas/contracts';
import { RectificationPlan, RectificationStep } from './rectification-steps';
import { SubjectLocator } from './subject-locator';
import { SubjectRecordService, SubjectServices } from './subject-services';

/** The new values and their protected forms, opened by pii-detection once per run, by the first step that needs them. */
export type OpenedCorrections = () => Promise<ProtectCorrectionsResult>;

/**
 * Carries out one rectification step against the services' internal APIs. The values come from
 * `open` (pii-detection opens the sealed corrections and protects them by each source's policy);
 * they live in this run's memory only and are never logged.
 */
@Injectable()
export class SubjectRectifier {
  constructor(
    private readonly services: SubjectServices,
    private readonly locator: SubjectLocator,
  ) {}

  async execute(step: RectificationStep, plan: RectificationPlan, open: OpenedCorrections): Promise<number> {
    switch (step) {
      case 'rectify_explore':
        return this.rectify('connector', 'explore', plan.explore, async () => {
          const { corrections } = await open();
          return Object.fromEntries(plan.sourceIds.map((sourceId) => [sourceId, corrections]));
        });
      case 'rectify_navigate':
        return this.rectify('connector', 'navigate', plan.navigate, async () => (await open()).protectedBySource);
      case 'rectify_quarantine':
        return this.rectify('quality', 'quarantine', plan.quarantine, async () => (await open()).protectedBySource);
      case 'shred_replaced_tokens': {
        // After every row holds its new value: a replaced token some row still holds (someone else's, or an unchanged value) stays.
        const referenced = await this.locator.stillReferenced(plan.replacedTokens);
        const tokens = plan.replacedTokens.filter((token) => !referenced.has(token));
        return tokens.length === 0 ? 0 : (await this.services.shredTokens(tokens)).shredded;
      }
    }
  }

  private async rectify(service: SubjectRecordService, layer: 'explore' | 'navigate' | 'quarantine', recordIds: string[], fields: () => Promise<Record<string, Corrections>>): Promise<number> {
    if (recordIds.length === 0) return 0;
    return (await this.services.rectifyRecords(service, { layer, recordIds, fieldsBySource: await fields() })).rectified;
  }
}
