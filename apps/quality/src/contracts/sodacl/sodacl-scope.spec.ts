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
      method: psi
      distribution reference: previous 4 windows
      warn: when > 0.1
      fail: when >= 0.25
      window: 500 records
      filter: weight > 0
  - distribution_difference(zone) > 0.2:
      distribution reference file: ./zone_dist_ref.yml
  - distribution_difference(zone) > 0.2:
      method: swd
`);
    const source = compiled.sources[0];
    expect(source.windowChecks.map((check) => [check.id, check.level, check.dimension, check.parameters])).toEqual([
      // ks by default on a continuous column, as in Soda: a p-value, so the check fires when p < 0.3.
      ['shipments.weight.distribution_difference', 'fail', 'consistency', { metric: 'distribution_difference', window: { kind: 'run' }, thresholds: { fail: { mustBeGreaterOrEqualTo: 0.3 } }, missingValues: [], validity: [], distribution: { type: 'continuous', method: 'ks', reference: PREVIOUS_1 } }],
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
      ['/sodacl/checks for shipments/2', 11, 'a distribution reference file (Soda DRO) is not read; write "distribution reference: previous N windows" or "run <runId>"'],
      ['/sodacl/checks for shipments/3', 13, 'method swd is not evaluated; Atlas measures ks and psi (continuous), chi_square and psi (categorical)'],
    ]);
  });

  it('maps chi_square (the categorical default, as in Soda) to a p-value whose check line is the significance level, psi on a continuous column, and a pinned reference run', () => {
    const source = compile(`checks for shipments:
  - distribution_difference(carrier) > 0.05:
      distribution type: categorical
      method: chi_square
      distribution reference: run 0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B
  - distribution_difference(zone) >= 0.01:
      distribution type: categorical
  - distribution_difference(carrier):
      identity: shipments.carrier.levels
      distribution type: categorical
      method: chi_square
      warn: when < 0.1
      fail: when < 0.01
  - distribution_difference(weight) > 0.25:
      method: psi
      distribution reference: run 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b
`).sources[0];
    const categorical = (method: string, reference: object) => ({ type: 'categorical', method, reference });
    expect(source.windowChecks.map((check) => [check.id, check.level, check.parameters.thresholds, check.parameters.distribution])).toEqual([
      // Fires when p < 0.05: passes while p ≥ 0.05.
      ['shipments.carrier.distribution_difference', 'fail', { fail: { mustBeGreaterOrEqualTo: 0.05 } }, categorical('chi_square', { kind: 'run', runId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' })],
      ['shipments.zone.distribution_difference', 'fail', { fail: { mustBeGreaterThan: 0.01 } }, categorical('chi_square', PREVIOUS_1)],
      ['shipments.carrier.levels', 'fail', { fail: { mustBeGreaterOrEqualTo: 0.01 }, warn: { mustBeGreaterOrEqualTo: 0.1 } }, categorical('chi_square', PREVIOUS_1)],
      ['shipments.weight.distribution_difference', 'fail', { fail: { mustBeLessOrEqualTo: 0.25 } }, { type: 'continuous', method: 'psi', reference: { kind: 'run', runId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } }],
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
    expect(problemOf(`checks for shipments:\n  - distribution_difference(weight) > 0.3:\n      method: chi_square\n`)).toEqual([
      '"distribution_difference(weight) > 0.3" method must be ks or psi for a continuous column (ks: continuous, chi_square: categorical, psi: both)',
    ]);
    expect(problemOf(`checks for shipments:\n  - distribution_difference(zone) > 0.3:\n      distribution type: categorical\n      method: ks\n`)).toEqual([
      '"distribution_difference(zone) > 0.3" method must be chi_square or psi for a categorical column (ks: continuous, chi_square: categorical, psi: both)',
    ]);
    expect(problemOf(`checks for shipments:\n  - distribution_difference(weight) > 0.3:\n      method: wasserstein\n`)).toEqual([
      '"distribution_difference(weight) > 0.3" method must be ks or psi for a continuous column (ks: continuous, chi_square: categorical, psi: both)',
    ]);
    expect(problemOf(`checks for shipments:\n  - distribution_difference(weight) > 0.3:\n      distribution reference: last week\n`)).toEqual([
      '"distribution_difference(weight) > 0.3" distribution reference must be "previous N windows" with N from 1 to 50, or "run <runId>"',
    ]);
    expect(problemOf(`checks for shipments:\n  - distribution_difference(weight) > 0.3:\n      distribution reference: run yesterday\n`)).toEqual([
      '"distribution_difference(weight) > 0.3" distribution reference: a run is named by its id, a UUID ("run 0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")',
    ]);
  });
});
