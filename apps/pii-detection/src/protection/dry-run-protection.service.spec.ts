import type { PolicyService } from '../anonymization/policies/policy.service';
import type { RecordProtector } from '../structured/record-protector';
import { DryRunProtectionService } from './dry-run-protection.service';

const recordId = (index: number) => `0190f6a2-0000-7000-8000-00000000000${index}`;

describe('DryRunProtectionService', () => {
  it("protects each record by the source's current policy through the pipeline's protector, in order", async () => {
    const policy = { policyId: 'default', version: 4 };
    const calls: Array<[string, unknown, unknown]> = [];
    const protector = {
      protect: jest.fn(async (sourceId: string, payload: Record<string, unknown>, used: unknown) => {
        calls.push([sourceId, payload, used]);
        return { payload: { ...payload, contact: '<EMAIL_ADDRESS>' }, findings: [{ field: 'contact', entityType: 'EMAIL_ADDRESS', start: 0, end: 15, score: 1, operator: 'replace' }], protectedFields: new Set(['contact']) };
      }),
      saveClassifications: jest.fn(async () => undefined),
    } as unknown as RecordProtector;
    const policies = { isLoaded: () => false, refresh: jest.fn(async () => undefined), policyFor: jest.fn(() => policy) } as unknown as PolicyService;
    const records = [0, 1].map((index) => ({ recordId: recordId(index), payload: { order_id: index, contact: `p${index}@example.org` } }));

    const result = await new DryRunProtectionService(protector, policies).protect({ sourceId: 'orders', records });

    expect(policies.refresh).toHaveBeenCalledTimes(1);
    expect(policies.policyFor).toHaveBeenCalledWith('orders');
    expect(calls).toEqual(records.map((record) => ['orders', record.payload, policy]));
    expect(result).toEqual({
      policyId: 'default',
      policyVersion: 4,
      records: records.map((record) => ({
        recordId: record.recordId,
        payload: { order_id: record.payload.order_id, contact: '<EMAIL_ADDRESS>' },
        findings: [{ field: 'contact', entityType: 'EMAIL_ADDRESS', start: 0, end: 15, score: 1, operator: 'replace' }],
      })),
    });
    expect(JSON.stringify(result)).not.toContain('@example.org');
    expect(protector.saveClassifications).toHaveBeenCalledTimes(1);
  });
});
