/**
 * An ODCS threshold on a metric (`mustBe`, `mustBeGreaterThan`, `mustBeBetween` ...), as compiled
 * into a run check's parameters. Several operators on one rule must all hold.
 */
export interface Threshold {
  mustBe?: number;
  mustNotBe?: number;
  mustBeGreaterThan?: number;
  mustBeGreaterOrEqualTo?: number;
  mustBeLessThan?: number;
  mustBeLessOrEqualTo?: number;
  mustBeBetween?: [number, number];
  mustNotBeBetween?: [number, number];
}

const OPERATORS = ['mustBe', 'mustNotBe', 'mustBeGreaterThan', 'mustBeGreaterOrEqualTo', 'mustBeLessThan', 'mustBeLessOrEqualTo'] as const;

function isPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number' && value[0] <= value[1];
}

/** The numeric threshold of an ODCS rule, or undefined when it has none Atlas can compare (e.g. `mustBe: "x"`). */
export function thresholdOf(rule: Record<string, unknown>): Threshold | undefined {
  const threshold: Threshold = {};
  let found = false;
  for (const operator of OPERATORS) {
    const value = rule[operator];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
    threshold[operator] = value;
    found = true;
  }
  for (const operator of ['mustBeBetween', 'mustNotBeBetween'] as const) {
    const value = rule[operator];
    if (value === undefined) continue;
    if (!isPair(value)) return undefined;
    threshold[operator] = [value[0], value[1]];
    found = true;
  }
  return found ? threshold : undefined;
}

/** Whether a measured value meets the threshold (ODCS bounds of `mustBeBetween` are inclusive). */
export function thresholdHolds(threshold: Threshold, value: number): boolean {
  if (threshold.mustBe !== undefined && value !== threshold.mustBe) return false;
  if (threshold.mustNotBe !== undefined && value === threshold.mustNotBe) return false;
  if (threshold.mustBeGreaterThan !== undefined && !(value > threshold.mustBeGreaterThan)) return false;
  if (threshold.mustBeGreaterOrEqualTo !== undefined && !(value >= threshold.mustBeGreaterOrEqualTo)) return false;
  if (threshold.mustBeLessThan !== undefined && !(value < threshold.mustBeLessThan)) return false;
  if (threshold.mustBeLessOrEqualTo !== undefined && !(value <= threshold.mustBeLessOrEqualTo)) return false;
  if (threshold.mustBeBetween && (value < threshold.mustBeBetween[0] || value > threshold.mustBeBetween[1])) return false;
  if (threshold.mustNotBeBetween && value >= threshold.mustNotBeBetween[0] && value <= threshold.mustNotBeBetween[1]) return false;
  return true;
}
