import { alertIdOf, firedAlerts, type StoredCheckState } from './fired-alerts';

const RUN = '00000000-0000-4000-8000-000000000001';

function state(values: Partial<StoredCheckState>): StoredCheckState {
  return {
    runId: RUN,
    sourceId: 'orders',
    contractId: 'orders-contract',
    contractVersion: '1.0.0',
    checkId: 'orders.amount.minimum',
    checkName: 'amount is at least 0',
    checkType: 'minimum',
    field: 'amount',
    level: 'fail',
    rowsTested: 10,
    rowsFailed: 1,
    threshold: null,
    unit: 'rows',
    sampleFailingRecordIds: ['00000000-0000-4000-8000-0000000000aa'],
    ...values,
  };
}

const keyOf = (candidate: StoredCheckState) => candidate.checkId;

describe('firedAlerts', () => {
  it('fires when the batch turned a fail check to fail over its run, with its outcome and sample ids', () => {
    const after = state({});
    expect(firedAlerts([after], new Map([[after.checkId, { rowsTested: 4, rowsFailed: 1 }]]), keyOf)).toEqual([
      {
        alertId: alertIdOf(after),
        type: 'check_failed',
        sourceId: 'orders',
        runId: RUN,
        contractId: 'orders-contract',
        contractVersion: '1.0.0',
        checkId: 'orders.amount.minimum',
        checkName: 'amount is at least 0',
        checkType: 'minimum',
        field: 'amount',
        outcome: 'fail',
        metric: 'failedRows',
        measuredValue: 1,
        thresholds: { fail: { metric: 'failedRows', mustBe: 0 } },
        rowsTested: 10,
        rowsFailed: 1,
        sampleFailingRecordIds: ['00000000-0000-4000-8000-0000000000aa'],
      },
    ]);
  });

  it('does not fire again once failed, nor for warn checks, passing checks or row counts', () => {
    const deltas = new Map([
      ['again', { rowsTested: 4, rowsFailed: 1 }],
      ['warn', { rowsTested: 4, rowsFailed: 1 }],
      ['pass', { rowsTested: 4, rowsFailed: 0 }],
      ['rows', { rowsTested: 4, rowsFailed: 0 }],
    ]);
    const states = [
      state({ checkId: 'again', rowsFailed: 2 }),
      state({ checkId: 'warn', level: 'warn' }),
      state({ checkId: 'pass', rowsFailed: 0 }),
      state({ checkId: 'rows', checkType: 'row_count', threshold: { mustBeGreaterThan: 100 } }),
    ];
    expect(firedAlerts(states, deltas, keyOf)).toEqual([]);
  });

  it('fires when duplicates cross their threshold in this batch', () => {
    const after = state({ checkId: 'dups', checkType: 'duplicates', threshold: { mustBeLessThan: 2 }, rowsFailed: 2 });
    expect(firedAlerts([after], new Map([['dups', { rowsTested: 1, rowsFailed: 1 }]]), keyOf).map((alert) => [alert.checkId, alert.metric, alert.measuredValue])).toEqual([['dups', 'duplicateRows', 2]]);
  });

  it('gives one alert id per run, contract version and check', () => {
    expect(alertIdOf(state({}))).toBe(alertIdOf(state({ rowsFailed: 5 })));
    expect(alertIdOf(state({}))).not.toBe(alertIdOf(state({ contractVersion: '1.1.0' })));
  });
});
