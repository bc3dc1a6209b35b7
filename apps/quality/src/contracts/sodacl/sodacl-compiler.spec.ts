import { ContractDocumentError } from '../odcs-document';
import { checkerFor, compileContract, contractProblems } from '../contract-compilation';
import type { SodaclContractDocument } from './sodacl-document';

const contract = (sodacl: string): SodaclContractDocument => ({ format: 'sodacl', id: 'orders-soda', version: '1.0.0', sodacl });

function compile(sodacl: string) {
  return compileContract(contract(sodacl));
}

function summary(sodacl: string) {
  const source = compile(sodacl).sources[0];
  const row = (check: { id: string; type: string; level: string; field: string[]; parameters: Record<string, unknown> }) => [check.id, check.type, check.level, check.field.join('.'), check.parameters];
  return { checks: source.checks.map(row), runChecks: source.runChecks.map(row), windowChecks: source.windowChecks.map(row) };
}

const RUN = { kind: 'run' };

describe('SodaCL contracts compiled to the internal model', () => {
  it('maps zero-tolerance missing and invalid checks to per-record checks with Soda missing semantics', () => {
    expect(
      summary(`checks for orders:
  - missing_count(customer) = 0
  - missing_percent(status) = 0%:
      missing values: [n/a, NA]
  - invalid_count(email) = 0:
      valid format: email
  - invalid_count(status) = 0:
      valid values: [new, paid]
      missing values: [n/a]
  - invalid_percent(sku) = 0:
      valid regex: ^SKU-[0-9]+$
  - invalid_count(quantity):
      warn: when > 0
      valid min: 1
      valid max: 99
  - invalid_count(code) = 0:
      valid length: 4
  - invalid_count(uuid) < 1:
      valid format: uuid
`).checks,
    ).toEqual([
      ['orders.customer.missing_count', 'not_null', 'fail', 'customer', { missingValues: [] }],
      ['orders.status.missing_percent', 'not_null', 'fail', 'status', { missingValues: ['n/a', 'NA'] }],
      ['orders.email.invalid_count', 'format', 'fail', 'email', { format: 'email' }],
      ['orders.status.invalid_count', 'allowed_values', 'fail', 'status', { values: ['new', 'paid'], excludedValues: ['n/a'] }],
      ['orders.sku.invalid_percent', 'pattern', 'fail', 'sku', { pattern: '^SKU-[0-9]+$' }],
      ['orders.quantity.invalid_count', 'minimum', 'warn', 'quantity', { limit: 1 }],
      ['orders.quantity.invalid_count#2', 'maximum', 'warn', 'quantity', { limit: 99 }],
      ['orders.code.invalid_count', 'min_length', 'fail', 'code', { limit: 4 }],
      ['orders.code.invalid_count#2', 'max_length', 'fail', 'code', { limit: 4 }],
      ['orders.uuid.invalid_count', 'format', 'fail', 'uuid', { format: 'uuid' }],
    ]);
  });

  it('maps thresholds that tolerate bad records, and every aggregate metric, to window checks with warn and fail levels', () => {
    const compiled = summary(`checks for orders:
  - row_count > 0
  - row_count between 10 and 15:
      window: 100 records
  - missing_count(email) < 5:
      missing values: [none]
  - missing_percent(phone):
      warn: when > 5%
      fail: when > 20%
  - invalid_percent(email) <= 2%:
      valid format: email
  - invalid_count(status):
      fail: when not between 0 and 3
      valid values: [new]
      window: 5m
  - min(amount) >= 0
  - max(amount) < 10000
  - avg(amount):
      warn: when between 100 and 200
      window: 1h
  - freshness(updated_at) < 1d
  - freshness(created_at):
      warn: when > 6h
      fail: when > 1d12h
`);
    expect(compiled.checks).toEqual([]);
    expect(compiled.windowChecks).toEqual([
      ['orders.row_count', 'aggregate', 'fail', '', { metric: 'row_count', window: RUN, thresholds: { fail: { mustBeGreaterThan: 0 } }, missingValues: [], validity: [] }],
      ['orders.row_count#2', 'aggregate', 'fail', '', { metric: 'row_count', window: { kind: 'count', size: 100 }, thresholds: { fail: { mustBeBetween: [10, 15] } }, missingValues: [], validity: [] }],
      ['orders.email.missing_count', 'aggregate', 'fail', 'email', { metric: 'missing_count', window: RUN, thresholds: { fail: { mustBeLessThan: 5 } }, missingValues: ['none'], validity: [] }],
      ['orders.phone.missing_percent', 'aggregate', 'fail', 'phone', { metric: 'missing_percent', window: RUN, thresholds: { fail: { mustBeLessOrEqualTo: 20 }, warn: { mustBeLessOrEqualTo: 5 } }, missingValues: [], validity: [] }],
      ['orders.email.invalid_percent', 'aggregate', 'fail', 'email', { metric: 'invalid_percent', window: RUN, thresholds: { fail: { mustBeLessOrEqualTo: 2 } }, missingValues: [], validity: [{ type: 'format', parameters: { format: 'email' } }] }],
      ['orders.status.invalid_count', 'aggregate', 'fail', 'status', { metric: 'invalid_count', window: { kind: 'time', sizeMs: 300000 }, thresholds: { fail: { mustBeBetween: [0, 3] } }, missingValues: [], validity: [{ type: 'allowed_values', parameters: { values: ['new'] } }] }],
      ['orders.amount.min', 'aggregate', 'fail', 'amount', { metric: 'min', window: RUN, thresholds: { fail: { mustBeGreaterOrEqualTo: 0 } }, missingValues: [], validity: [] }],
      ['orders.amount.max', 'aggregate', 'fail', 'amount', { metric: 'max', window: RUN, thresholds: { fail: { mustBeLessThan: 10000 } }, missingValues: [], validity: [] }],
      ['orders.amount.avg', 'aggregate', 'warn', 'amount', { metric: 'avg', window: { kind: 'time', sizeMs: 3600000 }, thresholds: { warn: { mustNotBeBetween: [100, 200] } }, missingValues: [], validity: [] }],
      ['orders.updated_at.freshness', 'aggregate', 'fail', 'updated_at', { metric: 'freshness', window: RUN, thresholds: { fail: { mustBeLessThan: 86400000 } }, missingValues: [], validity: [] }],
      ['orders.created_at.freshness', 'aggregate', 'fail', 'created_at', { metric: 'freshness', window: RUN, thresholds: { fail: { mustBeLessOrEqualTo: 129600000 }, warn: { mustBeLessOrEqualTo: 21600000 } }, missingValues: [], validity: [] }],
    ]);
  });

  it('maps duplicates to the run duplicates check (one per level) and schema checks to per-record key and type checks', () => {
    const compiled = summary(`checks for orders:
  - duplicate_count(order_id) = 0
  - duplicate_percent(tenant, order_id):
      warn: when > 1%
      fail: when > 5%
  - schema:
      name: order columns
      warn:
        when forbidden column present: [ssn, pii_*]
        when wrong column type:
          amount: numeric(10,2)
          paid: boolean
      fail:
        when required column missing: [order_id, amount]
        when wrong column type:
          order_id: bigint
`);
    expect(compiled.runChecks).toEqual([
      ['orders.order_id.duplicate_count', 'duplicates', 'fail', 'order_id', { columns: [['order_id']], threshold: { mustBe: 0 }, unit: 'rows' }],
      ['orders.duplicate_percent', 'duplicates', 'fail', '', { columns: [['tenant'], ['order_id']], threshold: { mustBeLessOrEqualTo: 5 }, unit: 'percent' }],
      ['orders.duplicate_percent#2', 'duplicates', 'warn', '', { columns: [['tenant'], ['order_id']], threshold: { mustBeLessOrEqualTo: 1 }, unit: 'percent' }],
    ]);
    expect(compiled.checks).toEqual([
      ['orders.schema.fail.required', 'required_keys', 'fail', '', { keys: ['order_id', 'amount'] }],
      ['orders.order_id.schema.fail.type', 'logical_type', 'fail', 'order_id', { logicalType: 'integer' }],
      ['orders.schema.warn.forbidden', 'forbidden_keys', 'warn', '', { patterns: ['ssn', 'pii_*'] }],
      ['orders.amount.schema.warn.type', 'logical_type', 'warn', 'amount', { logicalType: 'number' }],
      ['orders.paid.schema.warn.type', 'logical_type', 'warn', 'paid', { logicalType: 'boolean' }],
    ]);
    expect(compile('checks for orders:\n  - schema:\n      name: order columns\n      fail:\n        when required column missing: [id]\n').sources[0].checks[0].name).toBe('order columns');
  });

  it('reports what it does not run as not evaluated, with path and line, never dropping it', () => {
    const compiled = compile(`checks for orders:
  - anomaly score for row_count < default
  - invalid_count(email) = 0:
      valid format: credit card number
  - missing_count(email) = 0:
      missing regex: (?:N/A)
  - schema:
      warn:
        when wrong column index:
          id: 1
        when wrong column type:
          price: money
  - failed rows:
      fail query: SELECT * FROM orders WHERE total < 0
  - avg_surface < 1068:
      avg_surface expression: AVG(size * distance)
  - row_count same as customers in postgres
  - freshness using end_date with NOW < 1d
profile columns:
  columns: [orders.%]
checks for Orders Table:
  - row_count > 0
`);
    expect(compiled.notEvaluated).toEqual([
      { path: '/sodacl/profile columns', line: 19, element: 'sodacl.section', reason: '"profile columns" sections are not evaluated by Atlas; only "checks for <dataset>" lists and dataset filters are' },
      { path: '/sodacl/checks for orders/0', line: 2, element: 'sodacl.anomaly', reason: 'SodaCL "anomaly" checks are not evaluated by Atlas' },
      { path: '/sodacl/checks for orders/1', line: 3, element: 'sodacl.invalid_count', reason: expect.stringMatching(/^valid format "credit card number" is not one Atlas checks \(email, uuid/) },
      { path: '/sodacl/checks for orders/2', line: 5, element: 'sodacl.missing_count', reason: 'a missing regex is not evaluated yet; only missing values are' },
      { path: '/sodacl/checks for orders/3/warn/when wrong column index', line: 7, element: 'sodacl.schema', reason: 'a JSON record has no column order; column indexes are not evaluated' },
      { path: '/sodacl/checks for orders/3/warn/when wrong column type/price', line: 7, element: 'sodacl.schema', reason: 'column type "money" has no JSON counterpart Atlas checks' },
      { path: '/sodacl/checks for orders/4', line: 13, element: 'sodacl.failed_rows', reason: 'a fail query is SQL run on a table; Atlas checks records in a stream: write a fail condition' },
      { path: '/sodacl/checks for orders/5', line: 15, element: 'sodacl.avg_surface', reason: 'user-defined (SQL) metrics are not evaluated by Atlas' },
      { path: '/sodacl/checks for orders/6', line: 17, element: 'sodacl.row_count', reason: 'cross-dataset row counts are not evaluated by Atlas' },
      { path: '/sodacl/checks for orders/7', line: 18, element: 'sodacl.freshness', reason: 'the "freshness using" form is not evaluated; write freshness(column) < 1d' },
      { path: '/sodacl/checks for Orders Table', line: 21, element: 'dataset', reason: expect.stringMatching(/^"Orders Table" is not an Atlas source id/) },
    ]);
    expect(compiled.sources.map((source) => [source.sourceId, source.checks.length, source.windowChecks.length])).toEqual([
      ['orders', 0, 0],
      ['Orders Table', 0, 1],
    ]);
  });

  it('refuses wrong files with every problem named by path and line', () => {
    expect(contractProblems(contract('checks for orders:\n  - row_count > lots\n  - missing_count(a, b) = 0\n  - row_count(x) > 0\n  - avg(x):\n      warn: 5\n  - min(x) > 1:\n      fail: when < 0\n'))).toEqual([
      { path: '/sodacl/checks for orders/0', line: 2, message: '"row_count > lots" "lots" is not a number' },
      { path: '/sodacl/checks for orders/1', line: 3, message: '"missing_count(a, b) = 0" missing_count takes one column, like missing_count(email)' },
      { path: '/sodacl/checks for orders/2', line: 4, message: '"row_count(x) > 0" row_count takes no column' },
      { path: '/sodacl/checks for orders/3', line: 5, message: '"avg(x)" warn must be a condition like "when > 5"' },
      { path: '/sodacl/checks for orders/4', line: 7, message: '"min(x) > 1" has both a comparison and warn/fail conditions; give one or the other' },
    ]);
    expect(contractProblems(contract('checks for orders:\n  - mising_count(a) = 0\n  - avg(a):\n      valid format: email\n      fail: when > 1\n  - invalid_count(a) = 0\n  - max(a) < 3:\n      window: 0 records\n  - min(a) < 3:\n      colour: blue\n'))).toEqual([
      { path: '/sodacl/checks for orders/0', line: 2, message: '"mising_count(a) = 0" "mising_count" is not a SodaCL metric' },
      { path: '/sodacl/checks for orders/1', line: 3, message: '"avg(a)" validity keys apply to invalid_count and invalid_percent, not avg' },
      { path: '/sodacl/checks for orders/2', line: 6, message: '"invalid_count(a) = 0" invalid_count needs a validity: valid format, valid values, valid regex, valid min/max or valid (min/max) length' },
      { path: '/sodacl/checks for orders/3', line: 7, message: '"max(a) < 3" window: a count window holds 1 to 1000000000 records' },
      { path: '/sodacl/checks for orders/4', line: 9, message: '"min(a) < 3" "colour" is not a configuration key of a min check' },
    ]);
    expect(contractProblems(contract('checks for orders:\n  - row_count > 0\n bad: [\n'))[0]).toMatchObject({ path: '/sodacl', line: 3 });
    expect(contractProblems(contract('dataset: orders\n'))).toEqual([{ path: '/sodacl', line: 1, message: 'has no "checks for <dataset>:" section' }]);
    expect(contractProblems({ format: 'sodacl', id: 'bad id', sodacl: '', extra: 1 })).toEqual([
      { path: '/extra', message: 'is not a property of a SodaCL contract (format, id, version, status, sodacl)' },
      { path: '/id', message: 'is required: 1-128 letters, digits, ".", "_", ":" or "-"' },
      { path: '/version', message: 'is required: 1-64 letters, digits, ".", "_", "+" or "-"' },
      { path: '/sodacl', message: 'is required: the SodaCL checks file as text' },
    ]);
    expect(() => compile('checks for orders:\n  - invalid_count(a) = 0:\n      valid regex: (a+)+$\n')).not.toThrow();
    expect(compile('checks for orders:\n  - invalid_count(a) = 0:\n      valid regex: (a+)+$\n').notEvaluated[0]).toMatchObject({ path: '/sodacl/checks for orders/0', line: 2, element: 'pattern', reason: expect.stringContaining('nests quantifiers') });
    expect(() => compile('checks for orders:\n  - row_count > x\n')).toThrow(ContractDocumentError);
  });

  it('judges per record with missing values excluded from invalid, as the stream does', () => {
    const checker = checkerFor(compile('checks for orders:\n  - invalid_count(status) = 0:\n      valid values: [new]\n      missing values: [n/a]\n  - missing_count(status) = 0:\n      missing values: [n/a]\n'), 'orders')!;
    const outcomes = (status: unknown) => checker.evaluate({ status }, undefined, true).results!.map((result) => [result.outcome, result.message ?? null]);
    expect(outcomes('new')).toEqual([
      ['pass', null],
      ['pass', null],
    ]);
    expect(outcomes('n/a')).toEqual([
      ['not_evaluated', 'a missing value'],
      ['fail', 'status is required but is "n/a"'],
    ]);
    expect(outcomes('old')).toEqual([
      ['fail', 'status is not one of the 1 allowed values'],
      ['pass', null],
    ]);
    expect(outcomes(null)).toEqual([
      ['not_evaluated', 'no value'],
      ['fail', 'status is required but is null'],
    ]);
  });
});
