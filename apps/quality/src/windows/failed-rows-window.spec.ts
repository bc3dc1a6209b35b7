import type { ProtectedRecordEnvelope } from '@atlas/contracts';
import { recordEnvelope, testRecordId } from '@atlas/testing/unit-fixtures';
import { checkerFor, compileContract, contractProblems } from '../contracts/contract-compilation';
import { ContractDocumentError, type OdcsDocument } from '../contracts/odcs-document';
import { judgeRecord } from '../validation/record-judgement';
import { windowOutcome } from './aggregate-check';
import { accumulateWindows } from './window-accumulator';

const SODACL = `checks for orders:
  - failed rows:
      name: few refunds above the amount
      fail condition: refund > amount
      warn: when > 1
      fail: when > 3
  - failed rows:
      fail condition: refund > amount
      fail: when > 25%
      window: 4 records
  - failed rows:
      fail condition: refund < 0
      fail: when > 0
`;

function order(index: number, payload: Record<string, unknown>, findings: ProtectedRecordEnvelope['protection']['findings'] = []): ProtectedRecordEnvelope {
  return { ...recordEnvelope(index, payload, { sourceId: 'orders', total: 6 }), protection: { policyId: 'default', policyVersion: 1, findings } };
}

function problemsOf(body: unknown): unknown {
  try {
    compileContract(body as OdcsDocument);
  } catch (error) {
    if (error instanceof ContractDocumentError) return error.problems;
    throw error;
  }
  return [];
}

describe('failed rows with a tolerance: a count or percent per window, no quarantine', () => {
  const compiled = compileContract({ format: 'sodacl', id: 'orders-soda', version: '1.0.0', sodacl: SODACL });
  const checker = checkerFor(compiled, 'orders')!;

  it('compiles SodaCL tolerances to window checks and keeps zero tolerance per record', () => {
    expect(compiled.notEvaluated).toEqual([]);
    expect(compiled.sources[0].checks.map((check) => [check.id, check.type, check.level])).toEqual([['orders.failed_rows#3', 'expression', 'fail']]);
    expect(compiled.sources[0].windowChecks.map((check) => [check.id, check.name, check.level, check.field, check.dimension, check.parameters])).toEqual([
      [
        'orders.failed_rows',
        'few refunds above the amount',
        'fail',
        [],
        'consistency',
        { metric: 'failed_rows', window: { kind: 'run' }, thresholds: { warn: { mustBeLessOrEqualTo: 1 }, fail: { mustBeLessOrEqualTo: 3 } }, missingValues: [], validity: [{ type: 'expression', parameters: { expression: 'refund > amount', mode: 'fail_when' } }] },
      ],
      [
        'orders.failed_rows#2',
        'failed rows',
        'fail',
        [],
        'consistency',
        { metric: 'failed_rows_percent', window: { kind: 'count', size: 4 }, thresholds: { fail: { mustBeLessOrEqualTo: 25 } }, missingValues: [], validity: [{ type: 'expression', parameters: { expression: 'refund > amount', mode: 'fail_when' } }] },
      ],
    ]);
  });

  it('counts failing rows per window over the rows the condition could judge; a rewritten field is not evaluated', () => {
    const records = [
      order(0, { amount: 10, refund: 20 }),
      order(1, { amount: 10, refund: 5 }),
      order(2, { amount: 10, refund: 30 }),
      order(3, { amount: 10 }),
      order(4, { amount: 10, refund: '<NUMBER>' }, [{ field: 'refund', entityType: 'NUMBER', start: 0, end: 8, score: 1, operator: 'replace' }]),
      order(5, { amount: 10, refund: 11 }),
    ];
    const judgements = records.map((record) => judgeRecord(checker, record));
    // The tolerance quarantines nothing: only the zero-tolerance check (refund < 0) could, and no row breaks it.
    expect(judgements.map((judgement) => judgement.valid)).toEqual([true, true, true, true, true, true]);
    const { windows } = accumulateWindows(judgements);
    const run = windows.find((window) => window.checkId === 'orders.failed_rows')!;
    expect(run.state).toMatchObject({ rows: 6, notEvaluated: 2, invalid: 3 });
    expect(run.sampleFailingRecordIds).toEqual([testRecordId(0), testRecordId(2), testRecordId(5)]);
    expect(windowOutcome(run, run.state)).toEqual({ outcome: 'warn', measuredValue: 3 });
    const blocks = windows.filter((window) => window.checkId === 'orders.failed_rows#2').map((window) => [window.windowStart, window.state.rows, window.state.notEvaluated, window.state.invalid, windowOutcome(window, window.state)]);
    // Records 0-3: 2 failing of the 3 judged (66.67%); records 4-5: 1 of the 1 judged (100%).
    expect(blocks).toEqual([
      [0, 4, 1, 2, { outcome: 'fail', measuredValue: (2 / 3) * 100 }],
      [4, 2, 1, 1, { outcome: 'fail', measuredValue: 100 }],
    ]);
  });

  it('refuses mixed units and a window on a zero tolerance, naming the check', () => {
    expect(problemsOf({ format: 'sodacl', id: 'orders-soda', version: '1.0.0', sodacl: 'checks for orders:\n  - failed rows:\n      fail condition: a > b\n      warn: when > 1\n      fail: when > 5%\n' })).toEqual([
      { path: '/sodacl/checks for orders/0', line: 2, message: '"failed rows" warn and fail must both count rows (when > 5) or both be percents (when > 5%)' },
    ]);
    expect(problemsOf({ format: 'sodacl', id: 'orders-soda', version: '1.0.0', sodacl: 'checks for orders:\n  - failed rows:\n      fail condition: a > b\n      window: 5m\n' })).toEqual([
      { path: '/sodacl/checks for orders/0', line: 2, message: '"failed rows" window applies to failed rows with a tolerance (warn/fail: when > N); each failing row is judged on its own' },
    ]);
  });
});

describe('the ODCS Atlas expression rule with a tolerance', () => {
  const document = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'stays',
    version: '1.0.0',
    status: 'active',
    schema: [
      {
        name: 'stays',
        quality: [
          { type: 'custom', engine: 'atlas', name: 'short stays', implementation: { expression: 'nights <= 5', mustBeLessThan: 40 }, unit: 'percent', severity: 'warning' },
          { id: 'stay-count', type: 'custom', engine: 'atlas', implementation: { expression: 'nights >= 1', mustBeLessOrEqualTo: 2, window: '10 records' } },
          { id: 'stay-strict', type: 'custom', engine: 'atlas', implementation: { expression: 'nights < 30', mustBe: 0 } },
        ],
      },
    ],
  } as unknown as OdcsDocument;

  it('is valid ODCS; a tolerance is a window check on the rows where the condition does not hold, none is per record', () => {
    expect(contractProblems(document)).toEqual([]);
    const source = compileContract(document).sources[0];
    expect(source.checks.map((check) => [check.id, check.type, check.level, check.parameters])).toEqual([['stay-strict', 'expression', 'fail', { expression: 'nights < 30', mode: 'must_hold' }]]);
    expect(source.windowChecks.map((check) => [check.id, check.name, check.level, check.dimension, check.parameters.metric, check.parameters.window, check.parameters.thresholds])).toEqual([
      ['stays.expression', 'short stays', 'warn', 'consistency', 'failed_rows_percent', { kind: 'run' }, { warn: { mustBeLessThan: 40 } }],
      ['stay-count', 'nights >= 1', 'fail', 'consistency', 'failed_rows', { kind: 'count', size: 10 }, { fail: { mustBeLessOrEqualTo: 2 } }],
    ]);
    const percent = checkerFor(compileContract(document), 'stays')!.windowChecks[0];
    const { windows } = accumulateWindows([3, 6, 9, 2, 1].map((nights, index) => judgeRecord(checkerFor(compileContract(document), 'stays'), { ...order(index, { nights }), sourceId: 'stays' })));
    const run = windows.find((window) => window.checkId === 'stays.expression')!;
    // 2 of 5 stays are longer than 5 nights: 40%, not below 40.
    expect(windowOutcome(percent.parameters, run.state)).toEqual({ outcome: 'warn', measuredValue: 40 });
  });

  it('refuses an expression rule without a threshold or with keys of another form', () => {
    const wrong = (implementation: unknown) => problemsOf({ ...document, schema: [{ name: 'stays', quality: [{ type: 'custom', engine: 'atlas', implementation }] }] } as unknown as OdcsDocument);
    expect(wrong({ expression: 'nights <= 5' })).toEqual([
      { path: '/schema/0/quality/0/implementation', message: 'needs a numeric threshold on the failing rows (mustBeLessThan, mustBeLessOrEqualTo ...); without one, give the condition as text' },
    ]);
    expect(wrong({ expression: 'nights <=', mustBeLessThan: 3 })).toEqual([{ path: '/schema/0/quality/0/implementation/expression', message: 'expression at character 10: the expression ends too early' }]);
    expect(wrong({ expression: 'nights <= 5', metric: 'stddev', mustBeLessThan: 3 })).toEqual([{ path: '/schema/0/quality/0/implementation/metric', message: 'does not apply to an expression' }]);
  });
});
