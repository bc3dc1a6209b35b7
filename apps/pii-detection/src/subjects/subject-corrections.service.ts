import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { Corrections, correctionsProblem, ProtectCorrectionsRequest, ProtectCorrectionsResult, rectificationBinding } from '@atlas/contracts';
import { PolicyService } from '../anonymization/policies/policy.service';
import { ProtectionKeys } from '../anonymization/protection-keys';
import { RecordProtector } from '../structured/record-protector';

const unreadable = (message: string) => new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', code: 'corrections_unreadable', message });

/**
 * The new values of a rectification: the gateway keeps them sealed to the vault key while the
 * request waits (it can seal, only this service opens), and asks here for them and their protected
 * form under each source's policy, through the pipeline's own RecordProtector (the column
 * classifications and field rules the source's records get). Values are never logged or quoted.
 */
@Injectable()
export class SubjectCorrectionsService {
  constructor(
    private readonly keys: ProtectionKeys,
    private readonly policies: PolicyService,
    private readonly protector: RecordProtector,
  ) {}

  async protect(request: ProtectCorrectionsRequest): Promise<ProtectCorrectionsResult> {
    const corrections = this.open(request);
    // As the pipeline does: never protect by a policy that is not loaded yet.
    if (!this.policies.isLoaded()) await this.policies.refresh();
    const protectedBySource: Record<string, Corrections> = {};
    for (const sourceId of [...new Set(request.sourceIds)].sort()) {
      // Only the corrected fields, as top-level fields of a record: each is protected as that column of the source is.
      const result = await this.protector.protect(sourceId, { ...corrections }, this.policies.policyFor(sourceId));
      protectedBySource[sourceId] = Object.fromEntries(Object.entries(result.payload).filter(([field]) => Object.hasOwn(corrections, field))) as Corrections;
    }
    await this.protector.saveClassifications();
    return { corrections, protectedBySource };
  }

  private open(request: ProtectCorrectionsRequest): Corrections {
    let corrections: unknown;
    try {
      corrections = JSON.parse(this.keys.deadLetterUnsealer.unsealBound(request.sealed, rectificationBinding(request.requestId)).toString('utf8'));
    } catch {
      throw unreadable('The sealed corrections could not be opened: sealed to another key, altered, or sealed for another request');
    }
    const problem = correctionsProblem(corrections);
    if (problem) throw unreadable(`The sealed corrections are not valid: ${problem}`);
    return corrections as Corrections;
  }
}
