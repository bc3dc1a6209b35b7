import { checkerFor, compileContract } from '../contract-compilation';
import { ContractDocumentError } from '../odcs-document';

const contract = (sodacl: string) => compileContract({ format: 'sodacl', id: 'orders-soda', version: '1.0.0', sodacl });

function problemsOf(sodacl: string): unknown {
  try {
    contract(sodacl);
  } catch (error) {
    if (error instanceof ContractDocumentError) return error.problems;
    throw error;
  }
  return [];
}

describe('SodaCL failed rows, reference, stddev and percentile checks', () => {
  const compiled = contract(`checks for orders:
  - failed rows:
      name: shipped after ordered
      fail condition: shipped_at < ordered_at
  - failed rows:
      fail condition: total_children = '2' and cars >= 3
      warn: when > 0
  - values in (country) must exist in countries (code)
  - values in (status) must not exist in reference.banned_statuses (status)
  - stddev(amount) < 50:
      window: 100 records
  - stddev_pop(amount) < 50
  - variance(amount):
      warn: when > 100
  - percentile(amount, 0.95) < 500
`);

  it('maps failed rows to per-record expression checks (the row fails when the condition holds)', () => {
    expect(compiled.sources[0].checks.map((check) => [check.id, check.name, check.type, check.level, check.field, check.parameters, check.dimension])).toEqual([
      ['orders.failed_rows', 'shipped after ordered', 'expression', 'fail', [], { expression: 'shipped_at < ordered_at', mode: 'fail_when' }, 'consistency'],
      ['orders.failed_rows#2', 'failed rows', 'expression', 'warn', [], { expression: "total_children = '2' and cars >= 3", mode: 'fail_when' }, 'consistency'],
      ['orders.country.reference', 'values in (country) must exist in countries (code)', 'reference', 'fail', ['country'], { table: 'countries', column: 'code', mustExist: true }, 'consistency'],
      ['orders.status.reference', 'values in (status) must not exist in reference.banned_statuses (status)', 'reference', 'fail', ['status'], { table: 'reference.banned_statuses', column: 'status', mustExist: false }, 'consistency'],
    ]);
    const verdict = checkerFor(compiled, 'orders')!.evaluate({ ordered_at: '2026-11-02', shipped_at: '2026-11-01', total_children: '2', cars: 1 });
    expect(verdict.failed).toEqual([
      { checkId: 'orders.failed_rows', checkName: 'shipped after ordered', rule: 'expression', field: '', level: 'fail', outcome: 'fail', measuredValue: { shipped_at: '2026-11-01', ordered_at: '2026-11-02' }, message: 'fail condition holds: shipped_at < ordered_at' },
    ]);
  });

  it('maps stddev, variance and percentile to window checks with Soda thresholds', () => {
    expect(compiled.sources[0].windowChecks.map((check) => [check.id, check.field, check.parameters.metric, check.parameters.window, check.parameters.thresholds, check.parameters.quantile])).toEqual([
      ['orders.amount.stddev', ['amount'], 'stddev', { kind: 'count', size: 100 }, { fail: { mustBeLessThan: 50 } }, undefined],
      ['orders.amount.stddev_pop', ['amount'], 'stddev_pop', { kind: 'run' }, { fail: { mustBeLessThan: 50 } }, undefined],
      ['orders.amount.variance', ['amount'], 'variance', { kind: 'run' }, { warn: { mustBeLessOrEqualTo: 100 } }, undefined],
      ['orders.amount.percentile', ['amount'], 'percentile', { kind: 'run' }, { fail: { mustBeLessThan: 500 } }, 0.95],
    ]);
  });

  it('reports what it does not run, and refuses what is wrong with the path and line', () => {
    const tolerated = contract(`checks for orders:
  - failed rows:
      fail condition: total < 0
      fail: when > 5
  - values in (a, b.c) must not exist in pairs (x, y)
  - failed rows:
      fail query: SELECT 1
`);
    expect(tolerated.notEvaluated).toEqual([
      { path: '/sodacl/checks for orders/2', line: 6, element: 'sodacl.failed_rows', reason: 'a fail query is SQL run on a table; Atlas checks records in a stream: write a fail condition' },
    ]);
    expect(tolerated.sources[0].windowChecks.map((check) => [check.id, check.parameters.metric, check.parameters.thresholds])).toEqual([['orders.failed_rows', 'failed_rows', { fail: { mustBeLessOrEqualTo: 5 } }]]);
    expect(tolerated.sources[0].checks.map((check) => [check.id, check.name, check.field, check.parameters])).toEqual([
      ['orders.a+b.c.reference', 'values in (a, b.c) must not exist in pairs (x, y)', [], { table: 'pairs', columns: ['x', 'y'], fields: ['a', 'b.c'], mustExist: false }],
    ]);
    expect(
      problemsOf(`checks for orders:
  - failed rows:
      fail condition: total <
  - failed rows:
      name: no condition
  - values in (a) must exist in "bad table" (x)
  - percentile(amount) < 5
  - percentile(amount, 95) < 5
`),
    ).toEqual([
      { path: '/sodacl/checks for orders/0', line: 2, message: '"failed rows" fail condition: expression at character 8: the expression ends too early' },
      { path: '/sodacl/checks for orders/1', line: 4, message: '"failed rows" needs a fail condition, like: fail condition: end_date < start_date' },
      { path: '/sodacl/checks for orders/2', line: 6, message: '"values in (a) must exist in "bad table" (x)" is not a reference check: write values in (column) must exist in table (column)' },
      { path: '/sodacl/checks for orders/3', line: 7, message: '"percentile(amount) < 5" percentile takes a column and a quantile, like percentile(amount, 0.95)' },
      { path: '/sodacl/checks for orders/4', line: 8, message: '"percentile(amount, 95) < 5" percentile: "95" is not a quantile from 0 to 1 (0.95 for the 95th percentile)' },
    ]);
  });
});
