import { windowLine, type WindowView } from './demo-drift';

describe('the drift demo\'s lines', () => {
  const earlier = { windows: 1, used: [{ runId: 'run-1' }] };

  it('prints a KS check\'s p-value with its statistic D, and other values rounded', () => {
    // The demo's drifted run: D = 1 between 4 and 4 weights, p = Q_KS(1.61200) = 0.0110656.
    const drift: WindowView = { checkId: 'shipments.weight.distribution_difference', closed: true, outcome: 'fail', measuredValue: 0.0110656370158039, drift: { method: 'ks', statistic: 1, reference: earlier } };
    expect(windowLine(drift)).toBe('    fail          shipments.weight.distribution_difference = p-value 0.0111 (KS statistic D = 1) (ks against 1 earlier window: run run-1)');
    const chiSquare: WindowView = { ...drift, checkId: 'shipments.carrier.distribution_difference', measuredValue: Math.exp(-4 / 3), drift: { method: 'chi_square', statistic: 8 / 3, reference: earlier } };
    expect(windowLine(chiSquare)).toBe('    fail          shipments.carrier.distribution_difference = p-value 0.264 (chi-square statistic = 2.667) (chi_square against 1 earlier window: run run-1)');
    expect(windowLine({ checkId: 'shipments.weight.avg', closed: true, outcome: 'pass', measuredValue: 15.256, filter: "carrier = 'DHL'" })).toBe("    pass          shipments.weight.avg [filter carrier = 'DHL'] = 15.26");
    expect(windowLine({ ...drift, outcome: 'not_evaluated', measuredValue: null, drift: { method: 'ks', reference: { windows: 1, used: [] } } })).toBe(
      '    not_evaluated shipments.weight.distribution_difference = n/a (no earlier window to compare with yet)',
    );
  });
});
