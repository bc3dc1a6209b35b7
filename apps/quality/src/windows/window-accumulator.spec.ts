import type { ProtectedRecordEnvelope } from '@atlas/contracts';
import { recordEnvelope, testRecordId, TEST_RUN_ID } from '@atlas/testing/unit-fixtures';
import { checkerFor, compileContract } from '../contracts/contract-compilation';
import { judgeRecord } from '../validation/record-judgement';
import { accumulateWindows } from './window-accumulator';

const CHECKER = checkerFor(
  compileContract({
    format: 'sodacl',
    id: 'payments-soda',
    version: '2.0.0',
    sodacl: `checks for payments:
  - row_count > 3
  - avg(amount):
      warn: when > 100
      window: 2 records
  - missing_percent(note) < 50%:
      window: 1m
`,
  }),
  'payments',
)!;

function payment(index: number, payload: Record<string, unknown>, ingestedAt: string, findings: ProtectedRecordEnvelope['protection']['findings'] = []): ProtectedRecordEnvelope {
  return { ...recordEnvelope(index, payload, { sourceId: 'payments', total: 5 }), ingestedAt, protection: { policyId: 'default', policyVersion: 1, findings } };
}

describe('accumulateWindows', () => {
  it('adds each record to the window of each aggregate check, with O(1) state per window', () => {
    const records = [
      payment(0, { amount: 10, note: 'a' }, '2026-11-30T10:00:10.000Z'),
      payment(1, { amount: 30, note: null }, '2026-11-30T10:00:50.000Z'),
      payment(2, { amount: 300 }, '2026-11-30T10:01:05.000Z'),
      payment(3, { amount: '<NUMBER>', note: 'b' }, '2026-11-30T10:01:10.000Z', [{ field: 'amount', entityType: 'NUMBER', start: 0, end: 3, score: 1, operator: 'replace' }]),
      payment(4, { amount: 100, note: 'c' }, '2026-11-30T10:00:59.000Z'),
    ];
    const { windows, watermarks } = accumulateWindows(records.map((record) => judgeRecord(CHECKER, record)));
    const identity = { runId: TEST_RUN_ID, sourceId: 'payments', contractId: 'payments-soda', contractVersion: '2.0.0' };
    expect(watermarks).toEqual([{ runId: TEST_RUN_ID, contractId: 'payments-soda', contractVersion: '2.0.0', maxIngestedMs: Date.parse('2026-11-30T10:01:10.000Z') }]);
    expect(windows.map((window) => [window.checkId, window.windowKind, window.windowStart, window.windowEnd, window.state.rows, window.sampleFailingRecordIds.length])).toEqual([
      ['payments.row_count', 'run', 0, 5, 5, 0],
      ['payments.amount.avg', 'count', 0, 2, 2, 0],
      ['payments.note.missing_percent', 'time', Date.parse('2026-11-30T10:00:00.000Z'), Date.parse('2026-11-30T10:01:00.000Z'), 3, 1],
      ['payments.amount.avg', 'count', 2, 4, 2, 0],
      ['payments.note.missing_percent', 'time', Date.parse('2026-11-30T10:01:00.000Z'), Date.parse('2026-11-30T10:02:00.000Z'), 2, 1],
      ['payments.amount.avg', 'count', 4, 5, 1, 0],
    ]);
    const secondBlock = windows.find((window) => window.checkId === 'payments.amount.avg' && window.windowStart === 2)!;
    // The protected amount is present but unreadable: not evaluated, not part of the average.
    expect(secondBlock).toMatchObject({ ...identity, metric: 'avg', thresholds: { warn: { mustBeLessOrEqualTo: 100 } } });
    expect(secondBlock.state).toEqual({ rows: 2, notEvaluated: 1, missing: 0, invalid: 0, valueCount: 1, valueSum: 300, valueMin: 300, valueMax: 300, valueM2: 0, sketch: null, maxIngestedMs: Date.parse('2026-11-30T10:01:10.000Z') });
    const firstMinute = windows.find((window) => window.checkId === 'payments.note.missing_percent' && window.windowStart === Date.parse('2026-11-30T10:00:00.000Z'))!;
    expect(firstMinute.state).toMatchObject({ rows: 3, missing: 1 });
    expect(firstMinute.sampleFailingRecordIds).toEqual([testRecordId(1)]);
  });

  it('counts only the records matching a filter, splits grouped checks into bounded segments and counts categories', () => {
    const checker = checkerFor(
      compileContract({
        format: 'sodacl',
        id: 'shipments-soda',
        version: '1.0.0',
        sodacl: `checks for shipments:
  - row_count > 1:
      group by: carrier
      group limit: 2
  - avg(weight) < 100:
      filter: carrier = 'DHL'
  - distribution_difference(carrier) > 0.2:
      distribution type: categorical
`,
      }),
      'shipments',
    )!;
    const shipment = (index: number, payload: Record<string, unknown>, findings: ProtectedRecordEnvelope['protection']['findings'] = []) => ({
      ...payment(index, payload, '2026-11-30T10:00:00.000Z', findings),
      sourceId: 'shipments',
      position: { index, total: 6 },
    });
    const records = [
      shipment(0, { carrier: 'DHL', weight: 10 }),
      shipment(1, { carrier: 'UPS', weight: 20 }),
      shipment(2, { carrier: 'DHL', weight: 30 }),
      shipment(3, { carrier: 'FedEx', weight: 5 }),
      shipment(4, { weight: 7 }),
      // A protected carrier matches no filter and gets no segment.
      shipment(5, { carrier: '<ORG>', weight: 1 }, [{ field: 'carrier', entityType: 'ORGANIZATION', start: 0, end: 3, score: 1, operator: 'replace' }]),
    ];
    const { windows } = accumulateWindows(records.map((record) => judgeRecord(checker, record)));
    expect(windows.map((window) => [window.checkId, window.segment, window.recordsSeen, window.state.rows, window.segmentOverflowRows])).toEqual([
      ['shipments.row_count', '', 6, 6, 3],
      ['shipments.row_count', '"DHL"', 2, 2, 0],
      ['shipments.weight.avg', '', 6, 2, 0],
      ['shipments.carrier.distribution_difference', '', 6, 6, 0],
      ['shipments.row_count', '"UPS"', 1, 1, 0],
    ]);
    const average = windows.find((window) => window.checkId === 'shipments.weight.avg')!;
    expect([average.state.valueSum, average.state.valueCount, average.scope]).toEqual([40, 2, { filter: "carrier = 'DHL'" }]);
    const drift = windows.find((window) => window.checkId === 'shipments.carrier.distribution_difference')!;
    expect(drift.state).toMatchObject({ missing: 1, notEvaluated: 1, valueCount: 4, sketch: null, categories: { values: { DHL: 2, UPS: 1, FedEx: 1 }, other: 0 } });
    expect(drift.scope).toEqual({ distribution: { type: 'categorical', method: 'chi_square', reference: { kind: 'previous_windows', windows: 1 } } });
  });

  it('adds nothing for records without a contract or without aggregate checks', () => {
    expect(accumulateWindows([judgeRecord(undefined, payment(0, { amount: 1 }, '2026-11-30T10:00:00.000Z'))])).toEqual({ windows: [], watermarks: [] });
  });
});
