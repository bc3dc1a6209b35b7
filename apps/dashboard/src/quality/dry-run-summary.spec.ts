import { FAILING_SAMPLES_SHOWN, parseSample, summarizeDryRun, type DryRunCheckResult, type DryRunView } from './dry-run-summary';

const check = (checkId: string, outcome: DryRunCheckResult['outcome'], level: DryRunCheckResult['level'] = 'fail'): DryRunCheckResult => ({ checkId, checkName: `${checkId} name`, rule: 'type', field: checkId, level, outcome });

function view(records: DryRunCheckResult[][]): DryRunView {
  return {
    contractId: 'c',
    version: '1.0.0',
    sourceId: 's',
    summary: { records: records.length, valid: 0, quarantined: 0, warned: 0 },
    records: records.map((results, index) => ({ index, verdict: results.some((result) => result.outcome === 'fail' && result.level === 'fail') ? 'quarantined' : 'valid', results })),
    windows: [],
  };
}

describe('dry-run summary', () => {
  it('counts each check’s outcomes over the sample in contract order and names the failing records', () => {
    const summary = summarizeDryRun(
      view([
        [check('id', 'pass'), check('color', 'fail'), check('note', 'not_evaluated', 'warn')],
        [check('id', 'pass'), check('color', 'pass'), check('note', 'fail', 'warn')],
        [check('id', 'fail'), check('color', 'fail'), check('note', 'pass', 'warn')],
      ]),
      ['rec-a', undefined, 'rec-c'],
    );
    expect(summary.map(({ checkId, level, passed, failed, notEvaluated, failingSamples }) => ({ checkId, level, passed, failed, notEvaluated, failingSamples }))).toEqual([
      { checkId: 'id', level: 'fail', passed: 2, failed: 1, notEvaluated: 0, failingSamples: ['rec-c'] },
      { checkId: 'color', level: 'fail', passed: 1, failed: 2, notEvaluated: 0, failingSamples: ['rec-a', 'rec-c'] },
      { checkId: 'note', level: 'warn', passed: 1, failed: 1, notEvaluated: 1, failingSamples: ['#1'] },
    ]);
  });

  it('names the failing Explore records by the record id the dry-run answers', () => {
    const explored = view([[check('color', 'fail')], [check('color', 'pass')], [check('color', 'fail')]]);
    explored.records = explored.records.map((record) => ({ ...record, recordId: `0190f6a2-0000-7000-8000-00000000000${record.index}` }));
    expect(summarizeDryRun(explored)[0].failingSamples).toEqual(['0190f6a2-0000-7000-8000-000000000000', '0190f6a2-0000-7000-8000-000000000002']);
  });

  it(`lists at most ${FAILING_SAMPLES_SHOWN} failing records of a check, counting them all`, () => {
    const [summary] = summarizeDryRun(view(Array.from({ length: 12 }, () => [check('color', 'fail')])));
    expect([summary.failed, summary.failingSamples]).toEqual([12, ['#0', '#1', '#2', '#3', '#4', '#5', '#6', '#7', '#8', '#9']]);
  });

  it('reads a JSON array or JSON Lines, naming the line or index that is wrong, never the value', () => {
    expect(parseSample('[{"a":1},{"a":2}]')).toEqual({ records: [{ a: 1 }, { a: 2 }] });
    expect(parseSample('{"a":1}\n\n{"a":2}\n')).toEqual({ records: [{ a: 1 }, { a: 2 }] });
    expect(parseSample('{"a":1}\n{"secret@example.org"}')).toEqual({ problem: 'Line 2 of the sample is not valid JSON.' });
    expect(parseSample('[{"a":1}, 3]')).toEqual({ problem: 'Record 1 of the sample is not a JSON object.' });
    expect(parseSample('[{"a":')).toEqual({ problem: 'The sample is not a valid JSON array.' });
    expect(parseSample('  ')).toEqual({ problem: 'Paste at least one record (a JSON array of objects, or one JSON object a line).' });
    expect(parseSample(JSON.stringify(Array.from({ length: 1001 }, () => ({}))))).toEqual({ problem: 'A dry-run judges at most 1000 records; the sample has 1001.' });
  });
});
