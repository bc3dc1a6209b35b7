/**
 * The p-value of the two-sample Kolmogorov–Smirnov test from its statistic D and the sample sizes n
 * and m, by the asymptotic Kolmogorov distribution with Stephens' small-sample correction, as in
 * Numerical Recipes §14.3: p = Q_KS(λ), λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = n·m/(n + m), and
 * Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}. That alternating series converges slowly for small λ, so
 * below λ = 1.18 the equal form Q_KS(λ) = 1 − (√(2π)/λ) Σ_{j≥1} e^{−(2j−1)²π²/(8λ²)} is summed
 * instead (Numerical Recipes 3rd ed. §6.14): each needs a few terms, at most MAX_TERMS.
 */

const MAX_TERMS = 100;
const SMALL_LAMBDA = 1.18;
const RELATIVE_PRECISION = 1e-16;

/** Q_KS(λ) = P(K > λ), K Kolmogorov's distribution; 1 for λ ≤ 0. */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < SMALL_LAMBDA) {
    // Below λ ≈ 0.2 every term underflows to 0 and Q is 1.
    const factor = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let j = 1; j <= MAX_TERMS; j++) {
      const term = Math.exp(factor * (2 * j - 1) ** 2);
      sum += term;
      if (term <= sum * RELATIVE_PRECISION) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  const exponent = -2 * lambda * lambda;
  let sum = 0;
  for (let j = 1; j <= MAX_TERMS; j++) {
    const term = Math.exp(exponent * j * j);
    sum += j % 2 === 1 ? term : -term;
    if (term <= sum * RELATIVE_PRECISION) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** The p-value of a two-sample KS statistic D between samples of n and m values (1 when either is empty). */
export function twoSampleKolmogorovSmirnovPValue(statistic: number, n: number, m: number): number {
  if (!(n > 0 && m > 0)) return 1;
  const effective = Math.sqrt((n * m) / (n + m));
  return kolmogorovSurvival((effective + 0.12 + 0.11 / effective) * statistic);
}
