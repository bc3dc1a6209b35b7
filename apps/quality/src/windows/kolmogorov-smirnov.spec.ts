import { kolmogorovSurvival, twoSampleKolmogorovSmirnovPValue } from './kolmogorov-smirnov';

describe('the Kolmogorov–Smirnov p-value', () => {
  it('reads Q_KS(λ) = 2 Σ (−1)^(j−1) e^(−2j²λ²) on both sides of λ = 1.18 (values to 30 digits from mpmath)', () => {
    expect(kolmogorovSurvival(0.27)).toBeCloseTo(0.999999584971289, 14);
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.963945243664875, 14);
    expect(kolmogorovSurvival(1.0)).toBeCloseTo(0.269999671677355, 14);
    expect(kolmogorovSurvival(1.36)).toBeCloseTo(0.0494858767553779, 14);
    expect(kolmogorovSurvival(2.0)).toBeCloseTo(0.000670925255779695, 16);
    expect(kolmogorovSurvival(3.0)).toBeCloseTo(3.04599594894253e-8, 20);
  });

  it('is 1 where nothing differs or λ is too small for any term, and never leaves [0, 1]', () => {
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(-1)).toBe(1);
    expect(kolmogorovSurvival(Number.NaN)).toBe(1);
    expect(kolmogorovSurvival(0.1)).toBe(1);
    expect(kolmogorovSurvival(1e-300)).toBe(1);
    expect(kolmogorovSurvival(40)).toBe(0);
    expect(kolmogorovSurvival(Number.POSITIVE_INFINITY)).toBe(0);
  });

  it('is continuous where the two series meet', () => {
    expect(kolmogorovSurvival(1.18 - 1e-12)).toBeCloseTo(kolmogorovSurvival(1.18), 11);
  });

  it('turns D and the two sample sizes into a p-value with Stephens\' correction', () => {
    // n = m = 10: nₑ = 5, λ = (√5 + 0.12 + 0.11/√5)·0.6 = 1.443157, Q = 0.0310468.
    expect(twoSampleKolmogorovSmirnovPValue(0.6, 10, 10)).toBeCloseTo(0.0310467811456414, 14);
    // n = m = 4, D = 0.75: nₑ = 2, λ = 1.208996, Q = 0.107490.
    expect(twoSampleKolmogorovSmirnovPValue(0.75, 4, 4)).toBeCloseTo(0.107490465020966, 14);
    // n = 20, m = 30, D = 0.5: nₑ = 12, λ = 1.807928.
    expect(twoSampleKolmogorovSmirnovPValue(0.5, 20, 30)).toBeCloseTo(0.00289705755079670, 16);
    expect(twoSampleKolmogorovSmirnovPValue(0, 100, 100)).toBe(1);
    expect(twoSampleKolmogorovSmirnovPValue(1, 0, 100)).toBe(1);
  });
});
