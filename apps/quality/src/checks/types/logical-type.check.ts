import type { CheckDefinition } from '../check-model';
import { fail, isAbsent, jsonTypeOf, measuredText, NO_VALUE, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';
import { temporalParser, type TemporalParser, type TemporalType } from '../temporal-format';

export const LOGICAL_TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array', 'date', 'timestamp', 'time'] as const;
export type LogicalType = (typeof LOGICAL_TYPES)[number];

const TEMPORAL_TYPES: readonly string[] = ['date', 'timestamp', 'time'];

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const JSON_TESTS: Record<Exclude<LogicalType, TemporalType>, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  integer: (value) => Number.isInteger(value),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
  boolean: (value) => typeof value === 'boolean',
  object: isPlainObject,
  array: Array.isArray,
};

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** The JSON value has the logical type; dates, timestamps and times are strings in their format. */
class LogicalTypeCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly logicalType: LogicalType;
  private readonly parser?: TemporalParser;

  constructor(readonly definition: CheckDefinition) {
    this.logicalType = definition.parameters.logicalType as LogicalType;
    if (TEMPORAL_TYPES.includes(this.logicalType)) {
      this.parser = temporalParser(this.logicalType as TemporalType, definition.parameters.format as string | undefined) as TemporalParser;
    }
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    const field = this.definition.field.join('.');
    if (this.parser) {
      if (typeof value !== 'string') return fail(jsonTypeOf(value), `${field} must be a ${this.logicalType} string but is a ${jsonTypeOf(value)}`);
      if (this.parser.parse(value) === undefined) {
        const shape = this.definition.parameters.format ? ` in format ${String(this.definition.parameters.format)}` : '';
        return fail(measuredText(value), `${field} is not a valid ${this.logicalType}${shape}`);
      }
      return PASS;
    }
    if (JSON_TESTS[this.logicalType as Exclude<LogicalType, TemporalType>](value)) return PASS;
    const observed = typeof value !== 'number' ? jsonTypeOf(value) : !Number.isFinite(value) ? 'non-finite number' : Number.isInteger(value) ? 'integer' : 'fractional number';
    return fail(observed, `${field} must be ${article(this.logicalType)} ${this.logicalType} but is ${article(observed)} ${observed}`);
  }
}

export const logicalTypeCheckFactory: RecordCheckFactory = {
  type: 'logical_type',
  parameterProblem(parameters) {
    if (!LOGICAL_TYPES.includes(parameters.logicalType as LogicalType)) return `logicalType must be one of ${LOGICAL_TYPES.join(', ')}`;
    if (parameters.format === undefined) return undefined;
    if (!TEMPORAL_TYPES.includes(parameters.logicalType as string) || typeof parameters.format !== 'string') return 'format applies to date, timestamp and time only, as a string';
    const parser = temporalParser(parameters.logicalType as TemporalType, parameters.format);
    return 'unsupported' in parser ? parser.unsupported : undefined;
  },
  create: (definition) => new LogicalTypeCheck(definition),
};
