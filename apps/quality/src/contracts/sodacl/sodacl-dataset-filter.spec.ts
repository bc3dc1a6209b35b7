import { MAX_EXPRESSION_LENGTH } from '../../checks/expression/expression-syntax';
import { CheckScope } from '../../windows/check-scope';
import { compileContract, contractProblems } from '../contract-compilation';
import type { SodaclContractDocument } from './sodacl-document';

const contract = (sodacl: string): SodaclContractDocument => ({ format: 'sodacl', id: 'orders-soda', version: '1.0.0', sodacl });
const RUN = { kind: 'run' };

describe('SodaCL dataset filters (filter <dataset> [<name>] and checks for <dataset> [<name>])', () => {
  it('scopes every check of a filtered section by its where condition, ANDed with a check\'s own filter, beside the unfiltered checks of the dataset', () => {
    const compiled = compileContract(contract(`checks for orders:
  - row_count > 0
filter orders [paid]:
  where: status = 'paid'
checks for orders [paid]:
  - row_count > 0
  - avg(amount) < 500:
      filter: country = 'FR'
  - missing_count(customer) = 0
  - failed rows:
      fail condition: amount < 0
  - anomaly detection for row_count
  - duplicate_count(order_id) = 0
  - schema:
      fail:
        when required column missing: [order_id]
`));
    expect(compiled.sources).toHaveLength(1);
    const [source] = compiled.sources;
    expect([source.checks, source.runChecks]).toEqual([[], []]);
    expect(source.windowChecks.map((check) => [check.id, check.level, check.parameters.metric, check.parameters.filter ?? null, check.parameters.thresholds, check.origin])).toEqual([
      ['orders.row_count', 'fail', 'row_count', null, { fail: { mustBeGreaterThan: 0 } }, '/sodacl/checks for orders/0'],
      ['orders[paid].row_count', 'fail', 'row_count', "status = 'paid'", { fail: { mustBeGreaterThan: 0 } }, '/sodacl/checks for orders [paid]/0'],
      ['orders[paid].amount.avg', 'fail', 'avg', "(status = 'paid') and (country = 'FR')", { fail: { mustBeLessThan: 500 } }, '/sodacl/checks for orders [paid]/1'],
      // Zero tolerance, filtered: counted over the run's matching records instead of quarantining each record.
      ['orders[paid].customer.missing_count', 'fail', 'missing_count', "status = 'paid'", { fail: { mustBe: 0 } }, '/sodacl/checks for orders [paid]/2'],
      ['orders[paid].failed_rows', 'fail', 'failed_rows', "status = 'paid'", { fail: { mustBeLessOrEqualTo: 0 } }, '/sodacl/checks for orders [paid]/3'],
      ['orders[paid].row_count.anomaly', 'fail', 'row_count', "status = 'paid'", { anomaly: { level: 'fail', sensitivity: 3.5, seasonality: 'day_of_week', minimumHistory: 14, direction: 'both' } }, '/sodacl/checks for orders [paid]/4'],
    ]);
    expect(source.windowChecks[3].parameters).toEqual({ metric: 'missing_count', window: RUN, thresholds: { fail: { mustBe: 0 } }, missingValues: [], validity: [], filter: "status = 'paid'" });
    // What would see every record is reported, never run unfiltered.
    expect(compiled.notEvaluated.map((element) => [element.path, element.line, element.element, element.reason])).toEqual([
      ['/sodacl/checks for orders [paid]/5', 13, 'sodacl.duplicate_count', 'filter and group by apply to window metrics; duplicates are counted over every record of a run'],
      [
        '/sodacl/checks for orders [paid]/6',
        14,
        'sodacl.required_keys',
        'the dataset filter [paid] scopes checks over windows; this check is judged per record on every record, so it is not evaluated under "checks for orders [paid]" (write it under "checks for orders")',
      ],
    ]);
    // A drift check of the section compares the matching records' distribution.
    const drift = compileContract(contract(`filter orders [paid]:\n  where: status = 'paid'\nchecks for orders [paid]:\n  - distribution_difference(amount) > 0.3:\n      filter: amount > 0\n`)).sources[0].windowChecks[0];
    expect([drift.id, drift.parameters.metric, drift.parameters.filter]).toEqual(['orders[paid].amount.distribution_difference', 'distribution_difference', "(status = 'paid') and (amount > 0)"]);
    // The combined condition holds only where both do (SQL's three-valued AND: a missing field is not a match).
    const scope = new CheckScope(source.windowChecks[2].parameters.filter as string, undefined);
    expect([{ status: 'paid', country: 'FR' }, { status: 'paid', country: 'DE' }, { status: 'open', country: 'FR' }, { country: 'FR' }].map((payload) => scope.matches(payload, undefined))).toEqual([true, false, false, false]);
  });

  it('refuses an unknown filter name, a wrong condition and a malformed filter section, naming the path and line', () => {
    expect(contractProblems(contract(`filter orders [paid]:
  where: status = 'paid' and
filter orders [open]:
  condition: status = 'open'
filter orders [late orders]:
  where: late = true
checks for orders [daily]:
  - row_count > 0
checks for orders [paid]:
  - avg(amount) < 5:
      filter: amount >
`))).toEqual([
      { path: '/sodacl/filter orders [open]', line: 3, message: "a dataset filter holds one key, where: <condition> (like where: country = 'FR')" },
      { path: '/sodacl/filter orders [late orders]', line: 5, message: '[late orders] is not a filter name: 1-64 letters, digits, "_" or "-"' },
    ]);
    expect(contractProblems(contract(`filter orders [paid]:
  where: status = 'paid' and
filter orders [open]:
  where: status = 'open'
checks for orders [daily]:
  - row_count > 0
checks for orders [open]:
  - avg(amount) < 5:
      filter: amount >
checks for orders  [open]:
  - row_count > 1
`))).toEqual([
      { path: '/sodacl/filter orders [paid]/where', line: 2, message: 'expression at character 20: the expression ends too early' },
      { path: '/sodacl/checks for orders [daily]', line: 5, message: 'uses the filter [daily], but no "filter orders [daily]:" section defines it' },
      { path: '/sodacl/checks for orders [open]/0', line: 8, message: '"avg(amount) < 5" filter: expression at character 9: the expression ends too early' },
      { path: '/sodacl/checks for orders  [open]', line: 10, message: 'repeats the dataset "orders [open]"; give each dataset (and filter) one list' },
    ]);
  });

  it('refuses a check whose own filter, ANDed with the dataset filter, grows past the expression limit', () => {
    const own = `note = '${'n'.repeat(MAX_EXPRESSION_LENGTH - 20)}'`;
    expect(contractProblems(contract(`filter orders [paid]:\n  where: status = 'paid'\nchecks for orders [paid]:\n  - row_count > 0:\n      filter: ${own}\n`))).toEqual([
      { path: '/sodacl/checks for orders [paid]/0', line: 4, message: `"row_count > 0" filter: together with the dataset filter [paid]: expression at character 1: is longer than ${MAX_EXPRESSION_LENGTH} characters` },
    ]);
    // The same filter alone fits: it is only the combination that is too long.
    expect(contractProblems(contract(`checks for orders:\n  - row_count > 0:\n      filter: ${own}\n`))).toEqual([]);
  });

  it('reports the checks of a filter with Soda scan-time variables as not evaluated', () => {
    const compiled = compileContract(contract(`filter orders [daily]:
  where: ts >= '\${ts_start}'
checks for orders:
  - row_count > 0
checks for orders [daily]:
  - row_count = 6
  - missing_count(cat) = 2
`));
    expect(compiled.sources[0].windowChecks.map((check) => check.id)).toEqual(['orders.row_count']);
    expect(compiled.notEvaluated.map((element) => [element.path, element.line, element.element])).toEqual([
      ['/sodacl/checks for orders [daily]/0', 6, 'sodacl.filter'],
      ['/sodacl/checks for orders [daily]/1', 7, 'sodacl.filter'],
    ]);
    expect(compiled.notEvaluated[0].reason).toBe('the dataset filter [daily] uses scan-time variables (${…}), which a stream has not; for time partitions use window: (run, N records or a duration)');
  });
});
