import { emptyWindowState } from './aggregate-check';
import type { WindowDelta } from './window-accumulator';
import { boundedSegments } from './window-segments';

function segment(value: string, rows: number, windowStart = 0): WindowDelta {
  return {
    runId: 'run', sourceId: 'shipments', contractId: 'c', contractVersion: '1', checkId: 'shipments.row_count', metric: 'row_count', thresholds: {}, scope: { groupBy: 'carrier' },
    quantile: null, windowKind: 'run', windowStart, windowEnd: 10, segment: value, segmentLimit: 3, recordsSeen: rows, segmentOverflowRows: 0,
    state: { ...emptyWindowState(), rows }, sampleFailingRecordIds: [],
  };
}

describe('boundedSegments', () => {
  it('keeps stored segments, fills the room left with the largest new ones and counts the others as overflow', () => {
    const key = JSON.stringify(['run', 'c', '1', 'shipments.row_count', 0]);
    const stored = new Map([[key, new Set(['"DHL"', '"UPS"'])]]);
    const { kept, overflow } = boundedSegments([segment('"GLS"', 1), segment('"DHL"', 4), segment('"FedEx"', 2), segment('null', 2)], stored);
    // Room for one new segment: FedEx and null have 2 rows each, "FedEx" sorts first.
    expect(kept.map((delta) => delta.segment)).toEqual(['"DHL"', '"FedEx"']);
    expect([...overflow]).toEqual([[key, 3]]);
    const other = boundedSegments([segment('"GLS"', 1, 10)], stored);
    expect([other.kept.map((delta) => delta.segment), other.overflow.size]).toEqual([['"GLS"'], 0]);
  });
});
