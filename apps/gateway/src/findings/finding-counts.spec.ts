import { findingCountIncrements } from './finding-counts';
import type { PiiFindingRecordEntity, StoredFinding } from './pii-finding-record.entity';

const RUN_A = '0190b8a4-0000-7000-8000-00000000000a';
const RUN_B = '0190b8a4-0000-7000-8000-00000000000b';
const finding = (field: string, entityType: string, start: number): StoredFinding => ({ field, entityType, start, end: start + 5, score: 0.9, operator: 'mask' });
const record = (recordId: string, runId: string, detectedAt: string, findings: StoredFinding[]): PiiFindingRecordEntity => ({
  recordId,
  sourceId: 'people',
  runId,
  policyId: 'default',
  policyVersion: 1,
  detectedAt: new Date(detectedAt),
  findings,
});

describe('findingCountIncrements (what newly stored records add to the counts)', () => {
  it('counts findings per source, field, type and run, each record once per group, with the latest detection, in key order', () => {
    const increments = findingCountIncrements([
      record('r1', RUN_B, '2026-11-30T10:00:02.000Z', [finding('notes', 'PERSON', 0), finding('notes', 'PERSON', 20), finding('email', 'EMAIL_ADDRESS', 0)]),
      record('r2', RUN_B, '2026-11-30T10:00:05.000Z', [finding('notes', 'PERSON', 3)]),
      record('r3', RUN_A, '2026-11-30T10:00:01.000Z', [finding('notes', 'PERSON', 7)]),
    ]);
    expect(increments).toEqual([
      { sourceId: 'people', field: 'email', entityType: 'EMAIL_ADDRESS', runId: RUN_B, findings: 1, records: 1, lastDetectedAt: new Date('2026-11-30T10:00:02.000Z') },
      { sourceId: 'people', field: 'notes', entityType: 'PERSON', runId: RUN_A, findings: 1, records: 1, lastDetectedAt: new Date('2026-11-30T10:00:01.000Z') },
      { sourceId: 'people', field: 'notes', entityType: 'PERSON', runId: RUN_B, findings: 3, records: 2, lastDetectedAt: new Date('2026-11-30T10:00:05.000Z') },
    ]);
  });

  it('adds nothing for records without findings', () => {
    expect(findingCountIncrements([record('r1', RUN_A, '2026-11-30T10:00:00.000Z', [])])).toEqual([]);
  });
});
