/**
 * The expressions of SodaCL v3 checks: the check line (`missing_count(email) < 5`,
 * `row_count between 10 and 15`, `freshness(updated_at) < 1d`, `avg(amount)`) and the alert
 * conditions of `warn:`/`fail:` (`when > 5`, `when not between 1 and 3`). A condition is turned into
 * an ODCS-style threshold that must hold (check-model's one threshold vocabulary): the check line
 * states what must be true, a `when` condition what triggers the alert, so it is negated.
 */

import type { Threshold } from '../../checks/threshold';

export interface SodaclCheckLine {
  metric: string;
  /** The arguments between brackets: column names (`duplicate_count(a, b)`), none for row_count. */
  arguments: string[];
  /** The comparison of the check line, as text; absent when thresholds come from `warn:`/`fail:`. */
  comparison?: string;
}

/** What a number in a threshold is: a count or value, a percent (`5%`), or a duration in ms (`1d`). */
export type ThresholdUnit = 'number' | 'percent' | 'duration';

const CHECK_LINE = /^([a-z_]+)(?:\(([^()]*)\))?(?:\s+(.+))?$/;
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;
const OPERATORS = ['<=', '>=', '!=', '<>', '<', '>', '='] as const;
type Operator = (typeof OPERATORS)[number];

export class SodaclExpressionError extends Error {}

/** `missing_count(email) < 5` → metric, arguments, comparison. */
export function parseCheckLine(text: string): SodaclCheckLine {
  const match = CHECK_LINE.exec(text.trim());
  if (!match) throw new SodaclExpressionError(`"${bounded(text)}" is not a SodaCL check (metric, optional (column), optional comparison)`);
  const [, metric, args, comparison] = match;
  const line: SodaclCheckLine = { metric, arguments: args === undefined || args.trim() === '' ? [] : args.split(',').map((argument) => argument.trim()) };
  if (line.arguments.some((argument) => argument === '')) throw new SodaclExpressionError(`${metric}(${args}) has an empty argument`);
  if (comparison !== undefined) line.comparison = comparison.trim();
  return line;
}

/** A threshold value: `5`, `5%` (percent metrics), `1d`, `2h30m`, `90s` (freshness, in milliseconds). */
export function parseValue(text: string, unit: ThresholdUnit): number {
  const value = text.trim();
  if (unit === 'duration') {
    const match = DURATION.exec(value);
    if (!match || value === '') throw new SodaclExpressionError(`"${bounded(value)}" is not a duration (like 1d, 6h, 30m, 1d12h)`);
    const [days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
    return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
  }
  const number = unit === 'percent' && value.endsWith('%') ? value.slice(0, -1).trim() : value;
  if (!NUMBER.test(number)) throw new SodaclExpressionError(`"${bounded(value)}" is not a number${unit === 'percent' ? ' (or a percentage like 5%)' : ''}`);
  return Number(number);
}

function comparisonOf(text: string, unit: ThresholdUnit): { operator: Operator | 'between' | 'not between'; values: number[] } {
  const between = /^(not\s+)?between\s+(.+?)\s+and\s+(.+)$/i.exec(text);
  if (between) {
    const low = between[2].trim();
    const high = between[3].trim();
    if (/^[([]/.test(low) || /[)\]]$/.test(high)) throw new SodaclExpressionError('between with exclusive bounds "(" ")" is not supported; Atlas reads inclusive bounds only');
    const values = [parseValue(low, unit), parseValue(high, unit)];
    if (values[0] > values[1]) throw new SodaclExpressionError(`between ${low} and ${high}: the lower bound is above the upper bound`);
    return { operator: between[1] ? 'not between' : 'between', values };
  }
  const operator = OPERATORS.find((candidate) => text.startsWith(candidate));
  if (!operator) throw new SodaclExpressionError(`"${bounded(text)}" is not a comparison (<, <=, >, >=, =, !=, between … and …)`);
  return { operator, values: [parseValue(text.slice(operator.length), unit)] };
}

/** The check line's comparison: what must hold (`row_count > 0` passes when there are rows). */
export function mustHold(text: string, unit: ThresholdUnit): Threshold {
  const { operator, values } = comparisonOf(text.trim(), unit);
  switch (operator) {
    case '<':
      return { mustBeLessThan: values[0] };
    case '<=':
      return { mustBeLessOrEqualTo: values[0] };
    case '>':
      return { mustBeGreaterThan: values[0] };
    case '>=':
      return { mustBeGreaterOrEqualTo: values[0] };
    case '=':
      return { mustBe: values[0] };
    case '!=':
    case '<>':
      return { mustNotBe: values[0] };
    case 'between':
      return { mustBeBetween: [values[0], values[1]] };
    case 'not between':
      return { mustNotBeBetween: [values[0], values[1]] };
  }
}

/** An alert condition `when > 5`: the alert fires when it holds, so the threshold is its negation. */
export function mustNotTrigger(text: string, unit: ThresholdUnit): Threshold {
  const condition = /^when\s+(.+)$/i.exec(text.trim());
  if (!condition) throw new SodaclExpressionError(`"${bounded(text)}" is not an alert condition (when > 5, when between 1 and 3 ...)`);
  const { operator, values } = comparisonOf(condition[1].trim(), unit);
  switch (operator) {
    case '<':
      return { mustBeGreaterOrEqualTo: values[0] };
    case '<=':
      return { mustBeGreaterThan: values[0] };
    case '>':
      return { mustBeLessOrEqualTo: values[0] };
    case '>=':
      return { mustBeLessThan: values[0] };
    case '=':
      return { mustNotBe: values[0] };
    case '!=':
    case '<>':
      return { mustBe: values[0] };
    case 'between':
      return { mustNotBeBetween: [values[0], values[1]] };
    case 'not between':
      return { mustBeBetween: [values[0], values[1]] };
  }
}

function bounded(text: string): string {
  return text.length <= 80 ? text : `${text.slice(0, 80)}…`;
}
