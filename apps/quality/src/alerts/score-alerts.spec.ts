import { completedNow, scoreAlertOf, type ScoredCheckRow } from './score-alerts';

const RUN = { runId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', sourceId: 'payments', contractId: 'payments-soda', contractVersion: '1.0.0' };
const check = (values: Partial<ScoredCheckRow>): ScoredCheckRow => ({ checkType: 'not_null', level: 'fail', dimension: 'completeness', rowsTested: 10, rowsFailed: 0, threshold: null, unit: 'rows', ...values });

describe('score alerts', () => {
  it('knows the batch that judged a run\'s last record, once', () => {
    expect(completedNow({ expectedRecords: 6, recordsJudged: 6 }, 2)).toBe(true);
    expect(completedNow({ expectedRecords: 6, recordsJudged: 6 }, 6)).toBe(true);
    expect(completedNow({ expectedRecords: 6, recordsJudged: 4 }, 4)).toBe(false);
    expect(completedNow({ expectedRecords: null, recordsJudged: 6 }, 6)).toBe(false);
  });

  it('fires below the threshold with the score and the dimensions\' scores', () => {
    // completeness: 9 / 10 rows; timeliness: 1 of 2 closed windows passed (the other warned): (90 + 50) / 2 = 70.
    const checks = [
      check({ rowsFailed: 1 }),
      check({
        checkType: 'aggregate',
        dimension: 'timeliness',
        rowsTested: 0,
        threshold: { metric: 'freshness', window: { kind: 'count', size: 3 }, warn: { mustBeLessThan: 1000 } },
        windowsEvaluated: 2,
        windowsWarned: 1,
        windowsFailed: 0,
      }),
    ];
    const alert = scoreAlertOf(RUN, checks, 75);
    expect(alert).toEqual({
      alertId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'score_below_threshold',
      ...RUN,
      score: 70,
      threshold: 75,
      dimensions: { completeness: 90, validity: null, uniqueness: null, consistency: null, timeliness: 50, accuracy: null },
    });
    // The same run and version always get the same id (a redelivered batch fires nothing twice); another version another.
    expect(scoreAlertOf(RUN, checks, 75)!.alertId).toBe(alert!.alertId);
    expect(scoreAlertOf({ ...RUN, contractVersion: '1.0.1' }, checks, 75)!.alertId).not.toBe(alert!.alertId);
  });

  it('stays quiet at or above the threshold and when nothing was scored', () => {
    expect(scoreAlertOf(RUN, [check({ rowsFailed: 1 })], 90)).toBeUndefined();
    expect(scoreAlertOf(RUN, [check({ rowsFailed: 2 })], 90)).toMatchObject({ score: 80 });
    expect(scoreAlertOf(RUN, [check({ rowsTested: 0 })], 90)).toBeUndefined();
    expect(scoreAlertOf(RUN, [], 90)).toBeUndefined();
  });
});
