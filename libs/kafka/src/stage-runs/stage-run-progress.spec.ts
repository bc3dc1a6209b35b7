import { addHandledRecords, endOf, HandledRecord, isFinished, MAX_LINEAGE_FIELDS, MAX_POLICIES_PER_FIELD, newStageRun } from './stage-run-progress';

const RUN = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';

function record(index: number, outcome: HandledRecord['outcome'] = 'passed', extra: Partial<HandledRecord> = {}): HandledRecord {
  return { runId: RUN, sourceId: 'people', index, outcome, ...extra };
}

describe('stage run progress', () => {
  const fresh = newStageRun('pii-detection.protect', RUN, 'people');

  it('starts empty, running, with no expected count', () => {
    expect(fresh).toEqual({
      jobName: 'pii-detection.protect',
      runId: RUN,
      sourceId: 'people',
      handled: 0,
      passed: 0,
      quarantined: 0,
      failed: 0,
      expected: null,
      maskedFields: {},
      maskingPolicies: {},
      firstError: null,
      status: 'running',
    });
  });

  it('counts each record by outcome and keeps the first error', () => {
    const state = addHandledRecords(fresh, [record(5), record(9, 'quarantined'), record(6, 'failed', { error: 'payload too deep' }), record(10, 'failed', { error: 'other' })]);
    expect(state).toMatchObject({ handled: 4, passed: 1, quarantined: 1, failed: 2, firstError: 'payload too deep' });
    expect(fresh.handled).toBe(0);
  });

  it('marks a field masked when any record masked it, and bounds the fields kept', () => {
    const state = addHandledRecords(fresh, [
      record(1, 'passed', { maskedFields: new Map([['email', false], ['id', false]]) }),
      record(2, 'passed', { maskedFields: new Map([['email', true]]) }),
      record(3, 'passed', { maskedFields: new Map([['email', false]]) }),
    ]);
    expect(state.maskedFields).toEqual({ email: true, id: false });
    const many = new Map(Array.from({ length: MAX_LINEAGE_FIELDS + 10 }, (_, index) => [`field${index}`, false] as const));
    expect(Object.keys(addHandledRecords(fresh, [record(1, 'passed', { maskedFields: many })]).maskedFields)).toHaveLength(MAX_LINEAGE_FIELDS);
  });

  it('keeps, per masked field, each policy version that masked it once, bounded', () => {
    const v1 = { policyId: 'default', policyVersion: 1 };
    const v2 = { policyId: 'default', policyVersion: 2 };
    const state = addHandledRecords(fresh, [
      record(1, 'passed', { maskedFields: new Map([['email', true], ['id', false]]), maskingPolicy: v1 }),
      record(2, 'passed', { maskedFields: new Map([['email', true], ['phone', true]]), maskingPolicy: v1 }),
      record(3, 'passed', { maskedFields: new Map([['email', true]]), maskingPolicy: v2 }),
      record(4, 'passed', { maskedFields: new Map([['name', true]]) }),
    ]);
    expect(state.maskingPolicies).toEqual({ email: [v1, v2], phone: [v1] });
    expect(fresh.maskingPolicies).toEqual({});
    const versions = Array.from({ length: MAX_POLICIES_PER_FIELD + 5 }, (_, index) => record(index, 'passed', { maskedFields: new Map([['email', true]]), maskingPolicy: { policyId: 'p', policyVersion: index + 1 } }));
    expect(addHandledRecords(fresh, versions).maskingPolicies.email).toHaveLength(MAX_POLICIES_PER_FIELD);
  });

  it('keeps fields named like Object.prototype members as own keys (constructor, __proto__, the empty name)', () => {
    const v1 = { policyId: 'default', policyVersion: 1 };
    const masked = new Map([['constructor', true], ['__proto__', true], ['', false], ['toString', true]]);
    const state = addHandledRecords(fresh, [record(1, 'passed', { maskedFields: masked, maskingPolicy: v1 }), record(2, 'passed', { maskedFields: masked, maskingPolicy: v1 })]);
    expect(JSON.stringify(state.maskedFields)).toBe('{"constructor":true,"__proto__":true,"":false,"toString":true}');
    expect(Object.getPrototypeOf(state.maskedFields)).toBe(Object.prototype);
    expect(Object.keys(state.maskingPolicies).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(state.maskingPolicies.constructor).toEqual([v1]);
  });

  it('is finished once as many records as expected were handled, not before', () => {
    const twoHandled = addHandledRecords(fresh, [record(0), record(1)]);
    expect(isFinished(twoHandled)).toBe(false);
    expect(isFinished({ ...twoHandled, expected: 3 })).toBe(false);
    expect(isFinished({ ...twoHandled, expected: 2 })).toBe(true);
    expect(isFinished({ ...fresh, expected: 0 })).toBe(true);
    expect(isFinished({ ...twoHandled, expected: 2, status: 'complete' })).toBe(false);
  });

  it('ends COMPLETE when some records were processed, dead-lettered ones or not; FAIL with the count and first error when none could be', () => {
    expect(endOf(addHandledRecords(fresh, [record(1), record(2, 'quarantined')]))).toEqual({ eventType: 'COMPLETE', status: 'complete' });
    const someFailed = addHandledRecords(fresh, [record(1), record(2, 'failed', { error: 'checksum mismatch' }), record(3, 'failed', { error: 'other' })]);
    expect(endOf(someFailed)).toEqual({ eventType: 'COMPLETE', status: 'complete' });
    const allFailed = addHandledRecords(fresh, [record(2, 'failed', { error: 'checksum mismatch' }), record(3, 'failed', { error: 'other' })]);
    expect(endOf(allFailed)).toEqual({
      eventType: 'FAIL',
      status: 'failed',
      errorMessage: 'none of the 2 records could be processed: all were dead-lettered; the first: checksum mismatch',
    });
    expect(endOf({ ...fresh, expected: 0 })).toEqual({ eventType: 'COMPLETE', status: 'complete' });
  });
});
