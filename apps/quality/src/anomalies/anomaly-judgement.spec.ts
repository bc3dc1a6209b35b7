import type { EntityManager } from 'typeorm';
import { DEFAULT_ANOMALY_RULE } from './anomaly-rule';
import { anomalyAlertOf, judgeAnomalies, type ClosingAnomalyWindow } from './anomaly-judgement';

const DAY_MS = 86_400_000;
const MONDAY = Date.UTC(2026, 0, 5, 12);
const RUN = '00000000-0000-4000-8000-000000000001';

function closing(day: number, value: number, windowStart = 0): ClosingAnomalyWindow {
  return {
    window: {
      runId: RUN, sourceId: 'orders', contractId: 'orders-contract', contractVersion: '1.0.0', checkId: 'orders.row_count.anomaly', checkName: null, field: null,
      metric: 'row_count', quantile: null, thresholds: { anomaly: DEFAULT_ANOMALY_RULE }, windowKind: 'count', windowStart, windowEnd: windowStart + 100,
      state: { maxIngestedMs: MONDAY + day * DAY_MS },
    },
    outcome: 'not_evaluated',
    measuredValue: value,
  };
}

describe('judging closing anomaly windows', () => {
  // Two weeks of 100 a day, as stored.
  const history = Array.from({ length: 14 }, (_, day) => ({ ordinal: '1', at: MONDAY + day * DAY_MS, value: 100 }));
  const query = jest.fn();
  const manager = { query } as unknown as EntityManager;

  it('reads each series once, judges windows oldest first with the ones before them, and alerts once per anomaly', async () => {
    query.mockResolvedValueOnce(history);
    const spike = closing(15, 300, 100);
    const normal = closing(14, 100, 0);
    await judgeAnomalies(manager, [spike, normal]);
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0][1]).toEqual([['orders'], ['orders.row_count.anomaly'], ['row_count'], [null], [MONDAY + 15 * DAY_MS], 500, ['']]);
    expect(normal).toMatchObject({ outcome: 'pass', anomaly: { evaluated: true, anomalous: false, expected: 100, historyPoints: 14, at: '2026-01-19T12:00:00.000Z', windowStart: 0 } });
    // Day 15 is judged with day 14 (closing in the same batch) in its history.
    expect(spike).toMatchObject({ outcome: 'fail', anomaly: { evaluated: true, anomalous: true, value: 300, expected: 100, lower: 96.5, upper: 103.5, score: 200, historyPoints: 15 } });
    const alert = anomalyAlertOf(spike)!;
    expect(alert).toEqual({
      alertId: expect.any(String), type: 'anomaly', sourceId: 'orders', runId: RUN, contractId: 'orders-contract', contractVersion: '1.0.0', checkId: 'orders.row_count.anomaly',
      checkName: 'orders.row_count.anomaly', field: '', level: 'fail', metric: 'row_count', measuredValue: 300, expected: 100, lower: 96.5, upper: 103.5, score: 200,
      at: '2026-01-20T12:00:00.000Z', window: { kind: 'count', start: 100, end: 200 },
    });
    // The id is the window's: a redelivered batch closing it again fires the same alert, stored once.
    expect(anomalyAlertOf(closing(15, 300, 100))).toBeUndefined();
    const again = closing(15, 300, 100);
    query.mockResolvedValueOnce(history);
    await judgeAnomalies(manager, [again]);
    expect(anomalyAlertOf(again)!.alertId).toBe(alert.alertId);
    expect(anomalyAlertOf(normal)).toBeUndefined();
  });

  it('judges each group-by segment against its own series, and alerts with the segment', async () => {
    const segmentOf = (entry: ClosingAnomalyWindow, segment: string) => ({ ...entry, window: { ...entry.window, segment } });
    // DHL's history is 100 a day, UPS's 10 a day: 100 is normal for DHL and a spike for UPS.
    query.mockResolvedValueOnce([...history, ...history.map((point) => ({ ...point, ordinal: '2', value: 10 }))]);
    const dhl = segmentOf(closing(14, 100), '"DHL"');
    const ups = segmentOf(closing(14, 100), '"UPS"');
    await judgeAnomalies(manager, [dhl, ups]);
    const parameters = query.mock.calls.at(-1)[1];
    expect([parameters[1], parameters[6]]).toEqual([['orders.row_count.anomaly', 'orders.row_count.anomaly'], ['"DHL"', '"UPS"']]);
    expect(dhl).toMatchObject({ outcome: 'pass', anomaly: { anomalous: false, expected: 100, historyPoints: 14 } });
    expect(ups).toMatchObject({ outcome: 'fail', anomaly: { anomalous: true, value: 100, expected: 10, lower: 9.65, upper: 10.35, historyPoints: 14 } });
    expect(anomalyAlertOf(dhl, { field: 'carrier', value: 'DHL' })).toBeUndefined();
    const alert = anomalyAlertOf(ups, { field: 'carrier', value: 'UPS' })!;
    expect(alert).toMatchObject({ type: 'anomaly', measuredValue: 100, expected: 10, segment: { field: 'carrier', value: 'UPS' } });
    // A segment's window has its own alert id: the overall window of the same start would not collide.
    const overall = closing(14, 100);
    query.mockResolvedValueOnce(history.map((point) => ({ ...point, value: 10 })));
    await judgeAnomalies(manager, [overall]);
    expect(anomalyAlertOf(overall)!.alertId).not.toBe(alert.alertId);
    expect(anomalyAlertOf(overall)).not.toHaveProperty('segment');
  });

  it('leaves windows without a value, or of other checks, as they were', async () => {
    const empty = { ...closing(14, 0), measuredValue: null };
    const plain = closing(14, 5);
    plain.window.thresholds = {};
    query.mockClear();
    await judgeAnomalies(manager, [empty, plain]);
    expect(query).not.toHaveBeenCalled();
    expect(empty.anomaly).toBeUndefined();
    expect(plain).toMatchObject({ outcome: 'not_evaluated' });
  });
});
