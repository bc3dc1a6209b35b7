import { judgeProtectedRecordsRequestValidator, latestExploreRecordsRequestValidator, protectRecordsRequestValidator } from './explore-dry-run';

const RECORD_ID = '0190f6a2-0000-7000-8000-000000000001';

describe('the internal requests of Explore dry-runs', () => {
  it('accepts well-formed requests', () => {
    expect(latestExploreRecordsRequestValidator.validate({ sourceId: 'orders', last: 1000 }).valid).toBe(true);
    expect(protectRecordsRequestValidator.validate({ sourceId: 'orders', records: [{ recordId: RECORD_ID, payload: { a: 1 } }] }).valid).toBe(true);
  });

  it('refuses bad ones naming the path, never the value', () => {
    expect(latestExploreRecordsRequestValidator.validate({ sourceId: 'orders', last: 1001 })).toEqual({ valid: false, reason: '/last must be <= 1000' });
    expect(protectRecordsRequestValidator.validate({ sourceId: 'orders', records: [] })).toEqual({ valid: false, reason: '/records must NOT have fewer than 1 items' });
    const personal = protectRecordsRequestValidator.validate({ sourceId: 'orders', records: [{ recordId: 'ann.novak@example.org', payload: {} }] });
    expect(personal).toEqual({ valid: false, reason: '/records/0/recordId must match format "uuid"' });
    const judged = judgeProtectedRecordsRequestValidator.validate({ contractId: 'c', version: '1', sourceId: 'orders', explore: { last: 5, truncated: false }, records: [{ recordId: RECORD_ID }] });
    expect(judged.valid).toBe(false);
    expect((judged as { reason: string }).reason).toContain("/records/0 must have required property 'runId'");
  });
});
