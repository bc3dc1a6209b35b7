import { ContractDocumentError } from '../odcs-document';
import { compileContract } from '../contract-compilation';

function compile(sodacl: string) {
  return compileContract({ format: 'sodacl', id: 'shipments-soda', version: '1.0.0', sodacl });
}

function problemOf(sodacl: string): unknown {
  try {
    compile(sodacl);
  } catch (error) {
    if (error instanceof ContractDocumentError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  return undefined;
}

const PREVIOUS_1 = { kind: 'previous_windows', windows: 1 };

describe('SodaCL distribution checks, filters and group by', () => {
  it('maps distribution_difference to a drift check whose line states when it fires, with Atlas reference and type keys', () => {
    const compiled = compile(`checks for shipments:
  - distribution_difference(weight) > 0.3
  - distribution_difference(carrier):
      distribution type: categorical
      distribution reference: previous 4 windows
      warn: when > 0.1
      fail: when >= 0.25
      window: 500 records
      filter: weight > 0
  - distribution_difference(zone) > 0.2:
      distribution reference file: ./zone_dist_ref.yml
  - distribution_difference(zone) > 0.2:
      method: chi_square
`);
    const source = compiled.sources[0];
    expect(source.windowChecks.map((check) => [check.id, check.level, check.dimension, check.parameters])).toEqual([
      ['shipments.weight.distribution_difference', 'fail', 'consistency', { metric: 'distribution_difference', window: { kind: 'run' }, thresholds: { fail: { mustBeLessOrEqualTo: 0.3 } }, missingValues: [], validity: [], distribution: { type: 'continuous', method: 'ks', reference: PREVIOUS_1 } }],
      [
        'shipments.carrier.distribution_difference',
        'fail',
        'consistency',
        {
          metric: 'distribution_difference',
          window: { kind: 'count', size: 500 },
          thresholds: { fail: { mustBeLessThan: 0.25 }, warn: { mustBeLessOrEqualTo: 0.1 } },
          missingValues: [],
          validity: [],
          distribution: { type: 'categorical', method: 'psi', reference: { kind: 'previous_windows', windows: 4 } },
          filter: 'weight > 0',
        },
      ],
    ]);
    expect(compiled.notEvaluated.map((element) => [element.path, element.line, element.reason])).toEqual([
      ['/sodacl/checks for shipments/2', 10, 'a distribution reference file (Soda DRO) is not read; write "distribution reference: previous N windows"'],
      ['/sodacl/checks for shipments/3', 12, 'method chi_square is not evaluated; Atlas measures ks (continuous) and psi (categorical)'],
    ]);
  });

  it('carries filters and group by on window metrics; a filtered zero-tolerance check counts over windows instead of per record', () => {
    const source = compile(`checks for shipments:
  - row_count > 0:
      group by: carrier
  - missing_count(tracking) = 0:
      filter: carrier = 'DHL' and weight >= 1
      group by: zone
      group limit: 20
  - duplicate_count(tracking) = 0:
      filter: carrier = 'DHL'
`).sources[0];
    expect(source.checks).toEqual([]);
    expect(source.windowChecks.map((check) => [check.id, check.parameters.filter, check.parameters.groupBy])).toEqual([
      ['shipments.row_count', undefined, { field: ['carrier'], limit: 100 }],
      ['shipments.tracking.missing_count', "carrier = 'DHL' and weight >= 1", { field: ['zone'], limit: 20 }],
    ]);
    expect(compile(`checks for shipments:
  - duplicate_count(tracking) = 0:
      filter: carrier = 'DHL'
`).notEvaluated.map((element) => element.reason)).toEqual(['filter and group by apply to window metrics; duplicates are counted over every record of a run']);
  });

  it('refuses wrong filters, groups and distribution options, naming the problem', () => {
    expect(problemOf(`checks for shipments:\n  - row_count > 0:\n      filter: carrier = \n`)).toEqual(['"row_count > 0" filter: expression at character 10: the expression ends too early']);
    expect(problemOf(`checks for shipments:\n  - row_count > 0:\n      group by: carrier, zone\n`)).toEqual(['"row_count > 0" group by must name one column, like "group by: country"']);
    expect(problemOf(`checks for shipments:\n  - row_count > 0:\n      group by: carrier\n      group limit: 5000\n`)).toEqual(['"row_count > 0" group limit must be a whole number from 1 to 1000']);
    expect(problemOf(`checks for shipments:\n  - distribution_difference(weight) < 0.3\n`)).toEqual(['"distribution_difference(weight) < 0.3" distribution_difference states when it fires: "> 0.2" (or warn/fail conditions)']);
    expect(problemOf(`checks for shipments:\n  - distribution_difference(weight) > 0.3:\n      warn: when > 0.1\n`)).toEqual(['"distribution_difference(weight) > 0.3" has both a comparison and warn/fail conditions; give one or the other']);
    expect(problemOf(`checks for shipments:\n  - distribution_difference(weight) > 0.3:\n      method: psi\n`)).toEqual(['"distribution_difference(weight) > 0.3" method must be ks for a continuous column or psi for a categorical one']);
    expect(problemOf(`checks for shipments:\n  - distribution_difference(weight) > 0.3:\n      distribution reference: last week\n`)).toEqual([
      '"distribution_difference(weight) > 0.3" distribution reference must be "previous N windows" with N from 1 to 50',
    ]);
  });
});
