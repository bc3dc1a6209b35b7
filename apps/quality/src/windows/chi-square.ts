/**
 * The chi-square distribution's survival function, sf(x, k) = P(X ≥ x) for X ~ χ²(k), which turns a
 * chi-square statistic into its p-value: sf(x, k) = Q(k/2, x/2), Q the regularized upper incomplete
 * gamma function Γ(a, z) / Γ(a). Q is read from its power series (via P = 1 − Q) below z < a + 1 and
 * from its continued fraction (modified Lentz) above, as in Numerical Recipes §6.2, with log Γ from
 * Lanczos' approximation (g = 7, 9 terms; about 15 significant digits). Both loops converge in
 * O(√a) steps; the cap only guards against a non-finite input.
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const RELATIVE_PRECISION = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  // Reflection keeps the approximation where it is accurate (x ≥ 0.5).
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = LANCZOS[0];
  for (let index = 1; index < LANCZOS.length; index++) sum += LANCZOS[index] / (shifted + index);
  const base = shifted + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(base) - base + Math.log(sum);
}

/** e^(−z) z^a / Γ(a), the factor both expansions share. */
function prefactor(a: number, z: number): number {
  return Math.exp(-z + a * Math.log(z) - logGamma(a));
}

/** P(a, z) = γ(a, z) / Γ(a) by its series Σ zⁿ / (a (a+1) … (a+n)); for z < a + 1. */
function lowerSeries(a: number, z: number): number {
  let term = 1 / a;
  let sum = term;
  for (let step = 1; step < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * RELATIVE_PRECISION; step++) {
    term *= z / (a + step);
    sum += term;
  }
  return sum * prefactor(a, z);
}

/** Q(a, z) by its continued fraction 1/(z+1−a− 1·(1−a)/(z+3−a− 2·(2−a)/(z+5−a− …))); for z ≥ a + 1. */
function upperContinuedFraction(a: number, z: number): number {
  let denominator = z + 1 - a;
  let c = 1 / TINY;
  let d = 1 / denominator;
  let fraction = d;
  for (let step = 1; step < MAX_ITERATIONS; step++) {
    const numerator = -step * (step - a);
    denominator += 2;
    d = numerator * d + denominator;
    if (Math.abs(d) < TINY) d = TINY;
    c = denominator + numerator / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < RELATIVE_PRECISION) break;
  }
  return fraction * prefactor(a, z);
}

/** Q(a, z) = Γ(a, z) / Γ(a) for a > 0, z ≥ 0. */
export function regularizedUpperGamma(a: number, z: number): number {
  if (z <= 0) return 1;
  return z < a + 1 ? Math.max(0, 1 - lowerSeries(a, z)) : upperContinuedFraction(a, z);
}

/** The p-value of a chi-square statistic with `degrees` degrees of freedom (1 with none: nothing can differ). */
export function chiSquareSurvival(statistic: number, degrees: number): number {
  if (degrees <= 0 || statistic <= 0) return 1;
  return regularizedUpperGamma(degrees / 2, statistic / 2);
}
