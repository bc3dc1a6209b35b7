import { addHandledRecords, endOf, HandledRecord, isFinished, MAX_LINEAGE_FIELDS, newStageRun } from './stage-run-progress';

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

  it('is finished once as many records as expected were handled, not before', () => {
    const twoHandled = addHandledRecords(fresh, [record(0), record(1)]);
    expect(isFinished(twoHandled)).toBe(false);
    expect(isFinished({ ...twoHandled, expected: 3 })).toBe(false);
    expect(isFinished({ ...twoHandled, expected: 2 })).toBe(true);
    expect(isFinished({ ...fresh, expected: 0 })).toBe(true);
    expect(isFinished({ ...twoHandled, expected: 2, status: 'complete' })).toBe(false);
  });

  it('ends COMPLETE when no record failed, FAIL with the count and first error otherwise', () => {
    expect(endOf(addHandledRecords(fresh, [record(1), record(2, 'quarantined')]))).toEqual({ eventType: 'COMPLETE', status: 'complete' });
    const failed = addHandledRecords(fresh, [record(1), record(2, 'failed', { error: 'checksum mismatch' }), record(3, 'failed', { error: 'other' })]);
    expect(endOf(failed)).toEqual({
      eventType: 'FAIL',
      status: 'failed',
      errorMessage: '2 of 3 records could not be processed and were dead-lettered; the first: checksum mismatch',
    });
  });
});
