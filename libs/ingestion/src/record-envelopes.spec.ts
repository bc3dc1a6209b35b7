import { v5 as uuidv5 } from 'uuid';
import { computeChecksum, MAX_LOCATION_LENGTH, recordEnvelopeValidator } from '@atlas/contracts';
import { boundedLocation, envelopeRecord } from './record-envelopes';
import { derivedRunId, openRunId, recordIdAt, recordIdAtLocation, recordIdInRun, recordIdOfKey } from './run-identity';

const RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';

describe('envelopeRecord', () => {
  it('wraps a payload with its ids, position, location and checksum into a valid envelope', () => {
    const envelope = envelopeRecord({ sourceId: 'people', runId: RUN_ID, index: 3, total: 10, location: 'file:people.csv:5', ingestedAt: '2026-01-15T10:00:00.000Z', payload: { name: 'Ada' } });
    expect(envelope).toEqual({
      recordId: recordIdAt(RUN_ID, 3),
      sourceId: 'people',
      runId: RUN_ID,
      position: { index: 3, total: 10, location: 'file:people.csv:5' },
      ingestedAt: '2026-01-15T10:00:00.000Z',
      checksum: computeChecksum({ name: 'Ada' }),
      payload: { name: 'Ada' },
    });
    expect(recordEnvelopeValidator.validate(envelope).valid).toBe(true);
  });

  it('keeps a source-given record id, and leaves out what the source does not know', () => {
    const envelope = envelopeRecord({ sourceId: 'crm', runId: RUN_ID, index: 0, recordId: recordIdOfKey('crm', 'c-1'), ingestedAt: '2026-01-15T10:00:00.000Z', payload: {} });
    expect(envelope.recordId).toBe(recordIdOfKey('crm', 'c-1'));
    expect(envelope.position).toEqual({ index: 0 });
  });
});

describe('boundedLocation', () => {
  it('replaces control characters and keeps the end of a long location, which names the line', () => {
    expect(boundedLocation('file:a\nb.csv:3')).toBe('file:a?b.csv:3');
    const long = boundedLocation(`file:${'d/'.repeat(400)}people.csv:17`);
    expect(long).toHaveLength(MAX_LOCATION_LENGTH);
    expect(long.startsWith('\u2026')).toBe(true);
    expect(long.endsWith('people.csv:17')).toBe(true);
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    const location = `${'\u{1F600}'.repeat(300)}:1`;
    const bounded = boundedLocation(location);
    expect(bounded.length).toBeLessThanOrEqual(MAX_LOCATION_LENGTH);
    expect(/\p{Cs}/u.test(bounded)).toBe(false);
  });
});

describe('run identity', () => {
  it('derives the same ids from the same inputs, and different ones otherwise', () => {
    expect(openRunId('people', 'key-1')).toBe(openRunId('people', 'key-1'));
    expect(openRunId('people', 'key-1')).not.toBe(openRunId('shop', 'key-1'));
    expect(openRunId('people')).not.toBe(openRunId('people'));
    expect(derivedRunId('a')).toBe(derivedRunId('a'));
    expect(recordIdAt(RUN_ID, 1)).not.toBe(recordIdAt(RUN_ID, 2));
    expect(recordIdAtLocation('crm', 'kafka:t/0/1')).not.toBe(recordIdOfKey('crm', 'kafka:t/0/1'));
  });

  it('names a record by its place within a run: the same run and place give the same id, another run another one', () => {
    expect(recordIdInRun(RUN_ID, 'http:/v1/people:page=2:7')).toBe(uuidv5(`${RUN_ID}:in:http:/v1/people:page=2:7`, '0b7e4a52-6f0e-4d0c-9b8a-3f1f2a9c6d41'));
    expect(recordIdInRun(RUN_ID, 'http:/v1/people:page=2:7')).not.toBe(recordIdInRun(uuidv5('other', RUN_ID), 'http:/v1/people:page=2:7'));
    expect(recordIdInRun(RUN_ID, 'page=2:7')).not.toBe(recordIdAtLocation(RUN_ID, 'page=2:7'));
  });

  it('keeps the gateway ids of a push with an Idempotency-Key (the namespace and names it always used)', () => {
    expect(openRunId('people', 'push-1')).toBe(uuidv5('people:push-1', '0b7e4a52-6f0e-4d0c-9b8a-3f1f2a9c6d41'));
    expect(recordIdAt(RUN_ID, 4)).toBe(uuidv5(`${RUN_ID}:4`, '0b7e4a52-6f0e-4d0c-9b8a-3f1f2a9c6d41'));
  });
});
