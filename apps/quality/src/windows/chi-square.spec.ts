import { chiSquareSurvival, logGamma, regularizedUpperGamma } from './chi-square';

/** For an even number of degrees 2m, sf(x) = e^(−x/2) Σ_{j<m} (x/2)^j / j! exactly (a Poisson tail). */
function evenSurvival(statistic: number, degrees: number): number {
  let term = 1;
  let sum = 1;
  for (let index = 1; index < degrees / 2; index++) {
    term *= statistic / 2 / index;
    sum += term;
  }
  return Math.exp(-statistic / 2) * sum;
}

describe('the chi-square survival function', () => {
  it('gives the tabulated p-values at the usual critical values and medians', () => {
    expect(chiSquareSurvival(3.84, 1)).toBeCloseTo(0.0500435212487, 12);
    expect(chiSquareSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 13);
    expect(chiSquareSurvival(6.634896601021214, 1)).toBeCloseTo(0.01, 13);
    expect(chiSquareSurvival(18.307, 10)).toBeCloseTo(0.0500005891, 9);
    expect(chiSquareSurvival(18.307038053275146, 10)).toBeCloseTo(0.05, 13);
    expect(chiSquareSurvival(11.070497693516351, 5)).toBeCloseTo(0.05, 13);
    // The medians of χ²(1) and χ²(5): below a + 1, the series side.
    expect(chiSquareSurvival(0.454936423119572, 1)).toBeCloseTo(0.5, 13);
    expect(chiSquareSurvival(4.351460191095526, 5)).toBeCloseTo(0.5, 13);
  });

  it('matches the exact Poisson tail for even degrees, from small to 256 degrees and tiny tails', () => {
    for (const [statistic, degrees] of [[1, 2], [8 / 3, 2], [5, 4], [30, 10], [0.5, 30], [250, 256], [300, 256]]) {
      expect(chiSquareSurvival(statistic, degrees)).toBeCloseTo(evenSurvival(statistic, degrees), 12);
    }
    for (const [statistic, degrees] of [[500, 256], [1000, 10]]) {
      const exact = evenSurvival(statistic, degrees);
      expect(Math.abs(chiSquareSurvival(statistic, degrees) - exact) / exact).toBeLessThan(1e-10);
    }
  });

  it('is 1 at zero and without degrees of freedom, and reads Γ from Lanczos', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(7, 0)).toBe(1);
    expect(regularizedUpperGamma(2, 0)).toBe(1);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 13);
    expect(logGamma(0.25)).toBeCloseTo(Math.log(3.625609908221908), 13);
  });
});
