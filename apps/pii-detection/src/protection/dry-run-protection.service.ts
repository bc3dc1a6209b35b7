import { Injectable } from '@nestjs/common';
import type { ProtectRecordsRequest, ProtectRecordsResult } from '@atlas/contracts';
import { PolicyService } from '../anonymization/policies/policy.service';
import { RecordProtector } from '../structured/record-protector';

/**
 * Protects a contract dry-run's Explore records exactly as the protection stage would now: the
 * source's current policy and the pipeline's own RecordProtector (its column classifications,
 * field rules and vault: a value keeps its token). Nothing is published and no finding is reported;
 * columns still being sampled may be classified from these records, as the next batch would.
 */
@Injectable()
export class DryRunProtectionService {
  constructor(
    private readonly protector: RecordProtector,
    private readonly policies: PolicyService,
  ) {}

  async protect(request: ProtectRecordsRequest): Promise<ProtectRecordsResult> {
    // As the pipeline does: never protect by a policy that is not loaded yet.
    if (!this.policies.isLoaded()) await this.policies.refresh();
    const policy = this.policies.policyFor(request.sourceId);
    const records: ProtectRecordsResult['records'] = [];
    for (const record of request.records) {
      const result = await this.protector.protect(request.sourceId, record.payload, policy);
      records.push({ recordId: record.recordId, payload: result.payload, findings: result.findings });
    }
    // Like a batch: what was classified is stored, so this replica and the database agree.
    await this.protector.saveClassifications();
    return { policyId: policy.policyId, policyVersion: policy.version, records };
  }
}
