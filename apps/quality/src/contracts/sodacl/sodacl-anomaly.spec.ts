import { compileContract, contractProblems } from '../contract-compilation';
import type { SodaclContractDocument } from './sodacl-document';

const contract = (sodacl: string): SodaclContractDocument => ({ format: 'sodacl', id: 'orders-soda', version: '1.0.0', sodacl });

describe('SodaCL anomaly detection checks', () => {
  it('compiles "anomaly detection for <metric>" to an aggregate check judged against its history', () => {
    const compiled = compileContract(
      contract(`checks for orders:
  - anomaly detection for row_count
  - anomaly detection for avg(amount):
      identity: amount-drift
      alert_directionality: upper_bound_only
      sensitivity: 4
      seasonality: none
      minimum history: 21
      level: warn
      window: 1d
  - anomaly detection for missing_percent(email):
      missing values: [n/a]
      training_dataset_parameters:
        window_length: 1000
`),
    );
    const rows = compiled.sources[0].windowChecks.map((check) => [check.id, check.level, check.field.join('.'), check.dimension, check.parameters]);
    expect(rows).toEqual([
      ['orders.row_count.anomaly', 'fail', '', 'completeness', { metric: 'row_count', window: { kind: 'run' }, thresholds: { anomaly: { level: 'fail', sensitivity: 3.5, seasonality: 'day_of_week', minimumHistory: 14, direction: 'both' } }, missingValues: [], validity: [] }],
      ['amount-drift', 'warn', 'amount', 'validity', { metric: 'avg', window: { kind: 'time', sizeMs: 86_400_000 }, thresholds: { anomaly: { level: 'warn', sensitivity: 4, seasonality: 'none', minimumHistory: 21, direction: 'upper' } }, missingValues: [], validity: [] }],
      ['orders.email.missing_percent.anomaly', 'fail', 'email', 'completeness', expect.objectContaining({ metric: 'missing_percent', missingValues: ['n/a'] })],
    ]);
    expect(compiled.notEvaluated).toEqual([
      { path: '/sodacl/checks for orders/2', line: 11, element: 'sodacl.anomaly.training_dataset_parameters', reason: "training_dataset_parameters tunes Soda's Prophet model; Atlas judges by a seasonal median and the median absolute deviation, so it does not apply" },
    ]);
  });

  it('follows one series per group-by value, bounded by group limit, over the filtered records', () => {
    const compiled = compileContract(contract(`checks for orders:
  - anomaly detection for avg(amount):
      group by: country
      group limit: 20
      filter: status = 'paid'
  - anomaly detection for row_count:
      group by: shop.region
`));
    expect(compiled.sources[0].windowChecks.map((check) => [check.id, check.parameters.groupBy, check.parameters.filter ?? null])).toEqual([
      ['orders.amount.avg.anomaly', { field: ['country'], limit: 20 }, "status = 'paid'"],
      ['orders.row_count.anomaly', { field: ['shop', 'region'], limit: 100 }, null],
    ]);
    expect(contractProblems(contract('checks for orders:\n  - anomaly detection for row_count:\n      group by: a, b\n  - anomaly detection for row_count:\n      group limit: 5\n'))).toEqual([
      { path: '/sodacl/checks for orders/0', line: 2, message: '"anomaly detection for row_count" group by must name one column, like "group by: country"' },
      { path: '/sodacl/checks for orders/1', line: 4, message: '"anomaly detection for row_count" group limit needs group by' },
    ]);
  });

  it('reports anomaly detection on duplicates as not evaluated, and refuses wrong options by path and line', () => {
    expect(compileContract(contract('checks for orders:\n  - anomaly detection for duplicate_count(id)\n')).notEvaluated).toEqual([
      { path: '/sodacl/checks for orders/0', line: 2, element: 'sodacl.anomaly', reason: 'duplicates are counted per run, not per window: anomaly detection on them is not evaluated' },
    ]);
    expect(contractProblems(contract('checks for orders:\n  - anomaly detection for row_count > 5\n  - anomaly detection for sizes(x)\n  - anomaly detection for row_count:\n      minimum history: 2\n  - anomaly detection for row_count:\n      alert_directionality: sideways\n  - anomaly detection for row_count:\n      fail: when > 3\n'))).toEqual([
      { path: '/sodacl/checks for orders/0', line: 2, message: '"anomaly detection for row_count > 5" takes a metric without a comparison: the history sets the band' },
      { path: '/sodacl/checks for orders/1', line: 3, message: expect.stringMatching(/^"anomaly detection for sizes\(x\)" "sizes" is not a metric anomaly detection can follow/) },
      { path: '/sodacl/checks for orders/2', line: 4, message: '"anomaly detection for row_count" minimum history must be a whole number from 10 to 500' },
      { path: '/sodacl/checks for orders/3', line: 6, message: '"anomaly detection for row_count" alert_directionality must be one of upper_and_lower_bounds, upper_bound_only, lower_bound_only' },
      { path: '/sodacl/checks for orders/4', line: 8, message: '"anomaly detection for row_count" "fail" is not a configuration key of an anomaly detection check' },
    ]);
  });
});
