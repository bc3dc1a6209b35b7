import { checkerFor, compileContract, contractProblems } from './contract-compilation';
import { ContractDocumentError, type OdcsDocument } from './odcs-document';

const RUN_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

function contractWith(properties: unknown[], quality: unknown[] = []): OdcsDocument {
  return { apiVersion: 'v3.1.0', kind: 'DataContract', id: 'orders-contract', version: '1.0.0', status: 'active', schema: [{ name: 'orders', properties, quality }] } as OdcsDocument;
}

function problemsOf(document: OdcsDocument): unknown {
  try {
    compileContract(document);
  } catch (error) {
    if (error instanceof ContractDocumentError) return error.problems;
    throw error;
  }
  return [];
}

describe('ODCS rules of type custom, engine atlas', () => {
  const document = contractWith(
    [
      { name: 'country', quality: [{ type: 'custom', engine: 'atlas', implementation: { reference: 'reference.countries(code)' } }] },
      {
        name: 'amount',
        quality: [
          { type: 'custom', engine: 'atlas', name: 'amount spread', implementation: { metric: 'stddev', window: '1000 records', mustBeLessThan: 40 }, severity: 'warning' },
          { type: 'custom', engine: 'atlas', implementation: { metric: 'percentile', quantile: 0.99, mustBeLessOrEqualTo: 900 } },
        ],
      },
    ],
    [
      { id: 'dates-ordered', type: 'custom', engine: 'atlas', name: 'ends after it starts', implementation: 'end_date >= start_date', dimension: 'consistency' },
      { type: 'custom', engine: 'Atlas', implementation: "country = 'DE' implies iban is not null", severity: 'warning' },
    ],
  );

  it('is a valid ODCS document, compiled to expression, reference and aggregate checks', () => {
    expect(contractProblems(document)).toEqual([]);
    const source = compileContract(document).sources[0];
    expect(source.checks.map((check) => [check.id, check.name, check.type, check.level, check.field, check.parameters, check.origin])).toEqual([
      ['orders.country.reference', 'country exists in reference.countries(code)', 'reference', 'fail', ['country'], { table: 'reference.countries', column: 'code', mustExist: true }, '/schema/0/properties/0/quality/0'],
      ['dates-ordered', 'ends after it starts', 'expression', 'fail', [], { expression: 'end_date >= start_date', mode: 'must_hold' }, '/schema/0/quality/0'],
      ['orders.expression', "country = 'DE' implies iban is not null", 'expression', 'warn', [], { expression: "country = 'DE' implies iban is not null", mode: 'must_hold' }, '/schema/0/quality/1'],
    ]);
    expect(source.windowChecks.map((check) => [check.id, check.name, check.level, check.parameters])).toEqual([
      ['orders.amount.stddev', 'amount spread', 'warn', { metric: 'stddev', window: { kind: 'count', size: 1000 }, thresholds: { warn: { mustBeLessThan: 40 } }, missingValues: [], validity: [] }],
      ['orders.amount.percentile', 'percentile(amount, 0.99) per run', 'fail', { metric: 'percentile', window: { kind: 'run' }, thresholds: { fail: { mustBeLessOrEqualTo: 900 } }, missingValues: [], validity: [], quantile: 0.99 }],
    ]);
  });

  it('quarantines a record whose condition is false, with the fields it read', () => {
    const checker = checkerFor(compileContract(document), 'orders')!;
    const verdict = checker.evaluate({ start_date: '2026-03-01', end_date: '2026-02-01', country: 'DE' });
    expect(verdict.failed).toEqual([
      { checkId: 'dates-ordered', checkName: 'ends after it starts', rule: 'expression', field: '', level: 'fail', outcome: 'fail', measuredValue: { end_date: '2026-02-01', start_date: '2026-03-01' }, message: 'does not hold: end_date >= start_date' },
    ]);
    expect(verdict.warned).toMatchObject([{ checkId: 'orders.expression', measuredValue: { country: 'DE', iban: null } }]);
  });

  it('refuses a wrong implementation, naming its path', () => {
    const atlas = (implementation: unknown, onProperty = true) =>
      problemsOf(onProperty ? contractWith([{ name: 'amount', quality: [{ type: 'custom', engine: 'atlas', implementation }] }]) : contractWith([], [{ type: 'custom', engine: 'atlas', implementation }]));
    expect(atlas('amount >', false)).toEqual([{ path: '/schema/0/quality/0/implementation', message: 'expression at character 9: the expression ends too early' }]);
    expect(atlas({ reference: 'countries' })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/reference', message: 'must be "[schema.]table(column, ...)" with plain names (letters, digits, _), at most 8 columns' }]);
    expect(atlas({ metric: 'median', mustBe: 1 })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/metric', message: 'must be one of row_count, missing_count, missing_percent, min, max, avg, freshness, stddev, stddev_samp, stddev_pop, variance, var_samp, var_pop, percentile, distribution_difference (or give reference, or a condition as text)' }]);
    expect(atlas({ metric: 'percentile', quantile: 95, mustBeLessThan: 1 })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/quantile', message: 'must be a number from 0 to 1 (0.95 for the 95th percentile)' }]);
    expect(atlas({ metric: 'stddev' })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation', message: 'needs a numeric threshold (mustBeLessThan, mustBeBetween ...)' }]);
    expect(atlas({ metric: 'stddev', mustBe: 1, window: 'forever' })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/window', message: expect.stringContaining('is not a duration') }]);
    expect(atlas({ metric: 'stddev', mustBe: 1 }, false)).toEqual([{ path: '/schema/0/quality/0/implementation', message: 'a metric rule belongs to a property (the column it reads)' }]);
    expect(atlas({ reference: 'regions(country, code)' }, false)).toEqual([{ path: '/schema/0/quality/0/implementation', message: "a reference on the schema object names the record's fields: columns: [a, b]" }]);
    expect(atlas({ reference: 'regions(country, code)' })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/columns', message: "must name the record's 2 fields matching regions(country, code)" }]);
    expect(atlas({ reference: 'regions(country, code)', columns: ['country'] }, false)).toEqual([
      { path: '/schema/0/quality/0/implementation/columns', message: "must name the record's fields matching the 2 reference columns, in order (2 to 8)" },
    ]);
    expect(atlas({ sql: 'SELECT 1' })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/sql', message: expect.stringMatching(/^is not a key of an Atlas rule/) }]);
  });

  it('checks several fields together against a reference table\'s rows', () => {
    const document = contractWith([], [{ type: 'custom', engine: 'atlas', implementation: { reference: 'reference.regions(country, code)', columns: ['country', 'address.region'], mustExist: true } }]);
    expect(contractProblems(document)).toEqual([]);
    expect(compileContract(document).sources[0].checks.map((check) => [check.id, check.name, check.type, check.field, check.parameters, check.dimension])).toEqual([
      [
        'orders.country+address.region.reference',
        '(country, address.region) exists in reference.regions(country, code)',
        'reference',
        [],
        { table: 'reference.regions', columns: ['country', 'code'], fields: ['country', 'address.region'], mustExist: true },
        undefined,
      ],
    ]);
  });

  it('opts a metric into anomaly detection: row_count on the schema object, column metrics on a property', () => {
    const compiled = compileContract(
      contractWith(
        [{ name: 'amount', quality: [{ type: 'custom', engine: 'atlas', implementation: { metric: 'avg', window: '1d', anomalyDetection: { sensitivity: 4, direction: 'lower' } }, severity: 'warning' }] }],
        [
          { id: 'orders-volume', type: 'custom', engine: 'atlas', implementation: { metric: 'row_count', anomalyDetection: true } },
          { id: 'volume-per-country', type: 'custom', engine: 'atlas', implementation: { metric: 'row_count', anomalyDetection: true, groupBy: 'country', groupLimit: 50, filter: "status = 'paid'" } },
        ],
      ),
    );
    expect(compiled.sources[0].windowChecks.map((check) => [check.id, check.name, check.level, check.dimension, check.parameters])).toEqual([
      ['orders.amount.avg.anomaly', 'anomaly detection for avg(amount)', 'warn', 'validity', { metric: 'avg', window: { kind: 'time', sizeMs: 86_400_000 }, thresholds: { anomaly: { level: 'warn', sensitivity: 4, seasonality: 'day_of_week', minimumHistory: 14, direction: 'lower' } }, missingValues: [], validity: [] }],
      ['orders-volume', 'anomaly detection for row_count', 'fail', 'completeness', { metric: 'row_count', window: { kind: 'run' }, thresholds: { anomaly: { level: 'fail', sensitivity: 3.5, seasonality: 'day_of_week', minimumHistory: 14, direction: 'both' } }, missingValues: [], validity: [] }],
      // Each country's volume is its own series.
      [
        'volume-per-country',
        'anomaly detection for row_count',
        'fail',
        'completeness',
        { metric: 'row_count', window: { kind: 'run' }, thresholds: { anomaly: { level: 'fail', sensitivity: 3.5, seasonality: 'day_of_week', minimumHistory: 14, direction: 'both' } }, missingValues: [], validity: [], filter: "status = 'paid'", groupBy: { field: ['country'], limit: 50 } },
      ],
    ]);
    const atlas = (implementation: unknown, onProperty = true) =>
      problemsOf(onProperty ? contractWith([{ name: 'amount', quality: [{ type: 'custom', engine: 'atlas', implementation }] }]) : contractWith([], [{ type: 'custom', engine: 'atlas', implementation }]));
    expect(atlas({ metric: 'row_count', anomalyDetection: true })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation', message: 'anomaly detection for row_count belongs to the schema object' }]);
    expect(atlas({ metric: 'avg', anomalyDetection: true }, false)).toEqual([{ path: '/schema/0/quality/0/implementation', message: 'anomaly detection for avg belongs to a property (the column it reads)' }]);
    expect(atlas({ metric: 'avg', anomalyDetection: { minimumHistory: 5 } })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/anomalyDetection/minimumHistory', message: 'must be a whole number from 10 to 500' }]);
    expect(atlas({ metric: 'avg', anomalyDetection: true, mustBeLessThan: 3 })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/mustBeLessThan', message: 'does not apply to anomaly detection: the history sets the band' }]);
    expect(atlas({ metric: 'avg', anomalyDetection: true, groupBy: 'country', groupLimit: 0 })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/groupLimit', message: 'must be a whole number from 1 to 1000' }]);
    expect(atlas({ metric: 'invalid_count', anomalyDetection: 'yes' })).toEqual([{ path: '/schema/0/properties/0/quality/0/implementation/metric', message: expect.stringMatching(/^must be one of row_count, missing_count/) }]);
  });

  it('compiles window metrics with a filter, a group-by column and distribution drift, and refuses wrong ones naming the key', () => {
    const compiled = compileContract(
      contractWith(
        [
          { name: 'carrier', quality: [{ type: 'custom', engine: 'atlas', implementation: { metric: 'distribution_difference', distributionType: 'categorical', method: 'psi', referenceWindows: 3, mustBeLessThan: 0.2 } }] },
          { name: 'zone', quality: [{ type: 'custom', engine: 'atlas', implementation: { metric: 'distribution_difference', distributionType: 'categorical', referenceRun: RUN_ID, mustBeGreaterOrEqualTo: 0.05 } }] },
          { name: 'volume', quality: [{ type: 'custom', engine: 'atlas', implementation: { metric: 'distribution_difference', method: 'psi', mustBeLessThan: 0.25 } }] },
          { name: 'weight', quality: [{ type: 'custom', engine: 'atlas', implementation: { metric: 'avg', filter: "carrier = 'DHL'", groupBy: 'zone', groupLimit: 10, mustBeLessThan: 50 }, severity: 'warning' }] },
        ],
        [{ id: 'shipments-per-carrier', type: 'custom', engine: 'atlas', implementation: { metric: 'row_count', groupBy: 'carrier', mustBeGreaterThan: 0 } }],
      ),
    );
    expect(compiled.sources[0].windowChecks.map((check) => [check.id, check.level, check.dimension, check.parameters])).toEqual([
      ['orders.carrier.distribution_difference', 'fail', 'consistency', { metric: 'distribution_difference', window: { kind: 'run' }, thresholds: { fail: { mustBeLessThan: 0.2 } }, missingValues: [], validity: [], distribution: { type: 'categorical', method: 'psi', reference: { kind: 'previous_windows', windows: 3 } } }],
      // chi_square by default on a categorical column (SodaCL's default): its p-value fires below 0.05.
      [
        'orders.zone.distribution_difference', 'fail', 'consistency',
        { metric: 'distribution_difference', window: { kind: 'run' }, thresholds: { fail: { mustBeGreaterOrEqualTo: 0.05 } }, missingValues: [], validity: [], distribution: { type: 'categorical', method: 'chi_square', reference: { kind: 'run', runId: RUN_ID } } },
      ],
      ['orders.volume.distribution_difference', 'fail', 'consistency', { metric: 'distribution_difference', window: { kind: 'run' }, thresholds: { fail: { mustBeLessThan: 0.25 } }, missingValues: [], validity: [], distribution: { type: 'continuous', method: 'psi', reference: { kind: 'previous_windows', windows: 1 } } }],
      ['orders.weight.avg', 'warn', 'validity', { metric: 'avg', window: { kind: 'run' }, thresholds: { warn: { mustBeLessThan: 50 } }, missingValues: [], validity: [], filter: "carrier = 'DHL'", groupBy: { field: ['zone'], limit: 10 } }],
      ['shipments-per-carrier', 'fail', 'completeness', { metric: 'row_count', window: { kind: 'run' }, thresholds: { fail: { mustBeGreaterThan: 0 } }, missingValues: [], validity: [], groupBy: { field: ['carrier'], limit: 100 } }],
    ]);
    const atlas = (implementation: unknown) => problemsOf(contractWith([{ name: 'weight', quality: [{ type: 'custom', engine: 'atlas', implementation }] }]));
    const at = (key: string) => `/schema/0/properties/0/quality/0/implementation${key}`;
    expect(atlas({ metric: 'avg', filter: 'weight >', mustBe: 1 })).toEqual([{ path: at('/filter'), message: 'expression at character 9: the expression ends too early' }]);
    expect(atlas({ metric: 'avg', groupLimit: 5, mustBe: 1 })).toEqual([{ path: at('/groupLimit'), message: 'needs groupBy' }]);
    expect(atlas({ metric: 'avg', method: 'ks', mustBe: 1 })).toEqual([{ path: at('/method'), message: 'applies to metric distribution_difference only' }]);
    expect(atlas({ metric: 'distribution_difference', method: 'chi_square', mustBeLessThan: 1 })).toEqual([{ path: at('/method'), message: 'must be ks or psi for a continuous column (ks: continuous, chi_square: categorical, psi: both)' }]);
    expect(atlas({ metric: 'distribution_difference', distributionType: 'categorical', method: 'swd', mustBeLessThan: 1 })).toEqual([{ path: at('/method'), message: 'must be chi_square or psi for a categorical column (ks: continuous, chi_square: categorical, psi: both)' }]);
    expect(atlas({ metric: 'distribution_difference', referenceRun: 'yesterday', mustBeLessThan: 1 })).toEqual([{ path: at('/referenceRun'), message: 'must be a run id (a UUID)' }]);
    expect(atlas({ metric: 'distribution_difference', referenceRun: RUN_ID, referenceWindows: 2, mustBeLessThan: 1 })).toEqual([{ path: at('/referenceRun'), message: 'and referenceWindows are two references; give one' }]);
    expect(atlas({ metric: 'avg', referenceRun: RUN_ID, mustBe: 1 })).toEqual([{ path: at('/referenceRun'), message: 'applies to metric distribution_difference only' }]);
    expect(atlas({ metric: 'distribution_difference', referenceWindows: 0, mustBeLessThan: 1 })).toEqual([{ path: at('/referenceWindows'), message: 'must be a whole number from 1 to 50' }]);
    expect(atlas({ metric: 'row_count', mustBe: 1 })).toEqual([{ path: at(''), message: 'a row_count rule belongs to the schema object' }]);
    expect(atlas({ reference: 'countries(code)', filter: 'weight > 1' })).toEqual([{ path: at('/filter'), message: 'applies to metric rules (over windows), not to a reference check' }]);
  });
});
