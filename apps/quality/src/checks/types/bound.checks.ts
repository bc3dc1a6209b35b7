import type { CheckDefinition } from '../check-model';
import { isAbsent, NO_VALUE, notEvaluated, PASS, fail, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';
import { parseTemporalBound, temporalParser, type TemporalParser, type TemporalType } from '../temporal-format';

type BoundType = 'minimum' | 'maximum' | 'exclusive_minimum' | 'exclusive_maximum';

const HOLDS: Record<BoundType, (value: number, limit: number) => boolean> = {
  minimum: (value, limit) => value >= limit,
  maximum: (value, limit) => value <= limit,
  exclusive_minimum: (value, limit) => value > limit,
  exclusive_maximum: (value, limit) => value < limit,
};
const WORDING: Record<BoundType, string> = {
  minimum: 'at least',
  maximum: 'at most',
  exclusive_minimum: 'greater than',
  exclusive_maximum: 'less than',
};
const TEMPORAL: readonly string[] = ['date', 'timestamp', 'time'];
const NOT_A_NUMBER = notEvaluated('not a number');
const NOT_A_TEMPORAL_VALUE = notEvaluated('not a readable date or time');

/**
 * A bound on a number, or on a date, timestamp or time (`logicalType` + optional JDK `format`),
 * compared as an instant. Values of the wrong type are left to the logical type check.
 */
class BoundCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly holds: (value: number, limit: number) => boolean;
  private readonly limit: number;
  private readonly parser?: TemporalParser;

  constructor(
    readonly definition: CheckDefinition,
    private readonly bound: BoundType,
  ) {
    this.holds = HOLDS[bound];
    const { limit, logicalType, format } = definition.parameters;
    if (TEMPORAL.includes(logicalType as string)) {
      this.parser = temporalParser(logicalType as TemporalType, format as string | undefined) as TemporalParser;
      this.limit = parseTemporalBound(logicalType as TemporalType, this.parser, limit as string) as number;
    } else {
      this.limit = limit as number;
    }
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    let measured: number | undefined;
    if (this.parser) {
      if (typeof value !== 'string') return NOT_A_TEMPORAL_VALUE;
      measured = this.parser.parse(value);
      if (measured === undefined) return NOT_A_TEMPORAL_VALUE;
    } else {
      if (typeof value !== 'number' || Number.isNaN(value)) return NOT_A_NUMBER;
      measured = value;
    }
    if (this.holds(measured, this.limit)) return PASS;
    return fail(value, `${this.definition.field.join('.')} is ${String(value)}, not ${WORDING[this.bound]} ${String(this.definition.parameters.limit)}`);
  }
}

function boundProblem({ limit, logicalType, format }: Record<string, unknown>): string | undefined {
  if (!TEMPORAL.includes(logicalType as string)) return typeof limit === 'number' && Number.isFinite(limit) ? undefined : 'limit must be a number';
  if (typeof limit !== 'string') return `limit must be a ${String(logicalType)} string`;
  const parser = temporalParser(logicalType as TemporalType, format as string | undefined);
  if ('unsupported' in parser) return parser.unsupported;
  return parseTemporalBound(logicalType as TemporalType, parser, limit) === undefined ? `limit "${limit}" is not a readable ${String(logicalType)}` : undefined;
}

function boundFactory(type: BoundType): RecordCheckFactory {
  return { type, parameterProblem: boundProblem, create: (definition) => new BoundCheck(definition, type) };
}

export const minimumCheckFactory = boundFactory('minimum');
export const maximumCheckFactory = boundFactory('maximum');
export const exclusiveMinimumCheckFactory = boundFactory('exclusive_minimum');
export const exclusiveMaximumCheckFactory = boundFactory('exclusive_maximum');

class MultipleOfCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly divisor: number;

  constructor(readonly definition: CheckDefinition) {
    this.divisor = definition.parameters.divisor as number;
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (typeof value !== 'number' || !Number.isFinite(value)) return NOT_A_NUMBER;
    const quotient = value / this.divisor;
    // Decimal divisors (0.01) leave binary rounding noise: accept a quotient within 1e-9 of an integer.
    if (Math.abs(quotient - Math.round(quotient)) <= 1e-9 * Math.max(1, Math.abs(quotient))) return PASS;
    return fail(value, `${this.definition.field.join('.')} is ${value}, not a multiple of ${this.divisor}`);
  }
}

export const multipleOfCheckFactory: RecordCheckFactory = {
  type: 'multiple_of',
  parameterProblem: ({ divisor }) => (typeof divisor === 'number' && divisor > 0 && Number.isFinite(divisor) ? undefined : 'divisor must be a positive number'),
  create: (definition) => new MultipleOfCheck(definition),
};

/** ODCS integer formats (Rust types) and float formats, as ranges. */
const NUMBER_FORMAT_RANGES: Record<string, [number, number]> = {
  i8: [-(2 ** 7), 2 ** 7 - 1],
  i16: [-(2 ** 15), 2 ** 15 - 1],
  i32: [-(2 ** 31), 2 ** 31 - 1],
  i64: [-(2 ** 63), 2 ** 63 - 1],
  i128: [-(2 ** 127), 2 ** 127 - 1],
  u8: [0, 2 ** 8 - 1],
  u16: [0, 2 ** 16 - 1],
  u32: [0, 2 ** 32 - 1],
  u64: [0, 2 ** 64 - 1],
  u128: [0, 2 ** 128 - 1],
  f32: [-3.4028234663852886e38, 3.4028234663852886e38],
  f64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

class NumberFormatCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly range: [number, number];

  constructor(readonly definition: CheckDefinition) {
    this.range = NUMBER_FORMAT_RANGES[definition.parameters.format as string];
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (typeof value !== 'number' || Number.isNaN(value)) return NOT_A_NUMBER;
    if (value >= this.range[0] && value <= this.range[1]) return PASS;
    return fail(value, `${this.definition.field.join('.')} is ${value}, out of the range of ${String(this.definition.parameters.format)}`);
  }
}

export const numberFormatCheckFactory: RecordCheckFactory = {
  type: 'number_format',
  parameterProblem: ({ format }) => (typeof format === 'string' && Object.hasOwn(NUMBER_FORMAT_RANGES, format) ? undefined : `format must be one of ${Object.keys(NUMBER_FORMAT_RANGES).join(', ')}`),
  create: (definition) => new NumberFormatCheck(definition),
};
