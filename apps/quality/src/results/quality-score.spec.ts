import { scoreOf, type ScoredCheck } from './quality-score';

const check = (values: Partial<ScoredCheck>): ScoredCheck => ({ checkType: 'not_null', dimension: 'completeness', outcome: 'pass', rowsTested: 10, rowsFailed: 0, ...values });

describe('scoreOf', () => {
  it('weighs row-level checks by rows and run-level verdicts as one unit, per dimension, then averages the dimensions', () => {
    const score = scoreOf([
      check({ rowsTested: 10, rowsFailed: 1, outcome: 'fail' }),
      check({ checkType: 'row_count', outcome: 'pass', rowsTested: 10 }),
      check({ checkType: 'minimum', dimension: 'validity', rowsTested: 8, rowsFailed: 2, outcome: 'warn' }),
      check({ checkType: 'duplicates', dimension: 'uniqueness', rowsTested: 4, rowsFailed: 0 }),
      check({ checkType: 'pattern', dimension: 'validity', outcome: 'not_evaluated', rowsTested: 0 }),
    ]);
    // completeness: (9 + 1) / (10 + 1); validity: 6 / 8; uniqueness: 4 / 4.
    expect(score.dimensions.completeness).toEqual({ score: 90.91, testedUnits: 11, passedUnits: 10 });
    expect(score.dimensions.validity).toEqual({ score: 75, testedUnits: 8, passedUnits: 6 });
    expect(score.dimensions.uniqueness).toEqual({ score: 100, testedUnits: 4, passedUnits: 4 });
    expect(score.dimensions.timeliness).toEqual({ score: null, testedUnits: 0, passedUnits: 0 });
    expect(score.score).toBe(88.64);
  });

  it('has no score when nothing was tested', () => {
    expect(scoreOf([check({ outcome: 'not_evaluated', rowsTested: 0 })]).score).toBeNull();
    expect(scoreOf([]).score).toBeNull();
  });

  it('counts a failed row count as a failed unit', () => {
    expect(scoreOf([check({ checkType: 'row_count', outcome: 'fail' })]).dimensions.completeness).toEqual({ score: 0, testedUnits: 1, passedUnits: 0 });
  });

  it('counts each closed window of an aggregate check as one unit, passed unless it warned or failed', () => {
    const score = scoreOf([
      check({ checkType: 'aggregate', dimension: 'timeliness', outcome: 'warn', rowsTested: 900, windowsEvaluated: 4, windowsWarned: 1, windowsFailed: 0 }),
      check({ checkType: 'aggregate', dimension: 'timeliness', outcome: 'fail', rowsTested: 900, windowsEvaluated: 1, windowsWarned: 0, windowsFailed: 1 }),
    ]);
    expect(score.dimensions.timeliness).toEqual({ score: 60, testedUnits: 5, passedUnits: 3 });
    expect(score.score).toBe(60);
  });
});
