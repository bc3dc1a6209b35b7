import { fullFormats } from 'ajv-formats/dist/formats';
import type { CheckDefinition } from '../check-model';
import { fail, isAbsent, measuredText, NO_VALUE, notEvaluated, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';

const NOT_A_STRING = notEvaluated('not a string');
const MAX_PATTERN_LENGTH = 1000;
// A quantified group that itself holds a quantifier: the shape of catastrophic backtracking.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)(?:[+*]|\{\d+,\d*\})/;

/** Length in code points, as JSON Schema counts it (an emoji is one character). */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length -= 1;
        index += 1;
      }
    }
  }
  return length;
}

function compilePattern(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

/** ECMA-262 regular expression, searched anywhere in the value as JSON Schema does (anchor it with ^…$). */
class PatternCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly expression: RegExp;

  constructor(readonly definition: CheckDefinition) {
    this.expression = compilePattern(definition.parameters.pattern as string);
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (typeof value !== 'string') return NOT_A_STRING;
    return this.expression.test(value) ? PASS : fail(measuredText(value), `${this.definition.field.join('.')} does not match the pattern ${String(this.definition.parameters.pattern)}`);
  }
}

export const patternCheckFactory: RecordCheckFactory = {
  type: 'pattern',
  parameterProblem({ pattern }) {
    if (typeof pattern !== 'string' || pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) return `pattern must be a regular expression of 1-${MAX_PATTERN_LENGTH} characters`;
    if (NESTED_QUANTIFIER.test(pattern)) return 'pattern nests quantifiers (catastrophic backtracking); Atlas refuses it';
    try {
      compilePattern(pattern);
      return undefined;
    } catch {
      return 'pattern is not a valid ECMA-262 regular expression';
    }
  },
  create: (definition) => new PatternCheck(definition),
};

type FormatTest = (text: string) => boolean;

function testOf(format: unknown): FormatTest {
  if (format instanceof RegExp) return (text) => format.test(text);
  if (typeof format === 'function') return format as FormatTest;
  const validate = (format as { validate: RegExp | FormatTest }).validate;
  return validate instanceof RegExp ? (text) => validate.test(text) : validate;
}

// International numbers as people write them: an optional +, 7-15 digits, spaces, dots, dashes, parentheses.
const PHONE = /^\+?(?:[\s.()-]*\d){7,15}[\s.()-]*$/;

/** Named string formats; the JSON Schema ones are ajv-formats' full (RFC-exact) validators. */
export const STRING_FORMATS: Record<string, FormatTest> = {
  email: testOf(fullFormats.email),
  uuid: testOf(fullFormats.uuid),
  uri: testOf(fullFormats.uri),
  url: testOf(fullFormats.url),
  hostname: testOf(fullFormats.hostname),
  ipv4: testOf(fullFormats.ipv4),
  ipv6: testOf(fullFormats.ipv6),
  date: testOf(fullFormats.date),
  'date-time': testOf(fullFormats['date-time']),
  time: testOf(fullFormats.time),
  byte: testOf(fullFormats.byte),
  phone: (text) => PHONE.test(text),
};

class FormatCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly test: FormatTest;

  constructor(readonly definition: CheckDefinition) {
    this.test = STRING_FORMATS[definition.parameters.format as string];
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (typeof value !== 'string') return NOT_A_STRING;
    return this.test(value) ? PASS : fail(measuredText(value), `${this.definition.field.join('.')} is not a valid ${String(this.definition.parameters.format)}`);
  }
}

export const formatCheckFactory: RecordCheckFactory = {
  type: 'format',
  parameterProblem: ({ format }) =>
    typeof format === 'string' && Object.hasOwn(STRING_FORMATS, format) ? undefined : `format "${String(format)}" is not one Atlas checks (${Object.keys(STRING_FORMATS).join(', ')})`,
  create: (definition) => new FormatCheck(definition),
};

class LengthCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly limit: number;

  constructor(
    readonly definition: CheckDefinition,
    private readonly bound: 'min' | 'max',
  ) {
    this.limit = definition.parameters.limit as number;
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (typeof value !== 'string') return NOT_A_STRING;
    // Cheap exits first: code points never exceed UTF-16 units nor fall below half of them.
    if (this.bound === 'max' ? value.length <= this.limit : value.length >= this.limit * 2) return PASS;
    const length = codePointLength(value);
    const ok = this.bound === 'max' ? length <= this.limit : length >= this.limit;
    return ok ? PASS : fail(length, `${this.definition.field.join('.')} has ${length} characters, ${this.bound === 'max' ? 'more than the maximum' : 'fewer than the minimum'} ${this.limit}`);
  }
}

const nonNegativeInteger = ({ limit }: Record<string, unknown>) => (Number.isInteger(limit) && (limit as number) >= 0 ? undefined : 'limit must be a non-negative integer');

export const minLengthCheckFactory: RecordCheckFactory = { type: 'min_length', parameterProblem: nonNegativeInteger, create: (definition) => new LengthCheck(definition, 'min') };
export const maxLengthCheckFactory: RecordCheckFactory = { type: 'max_length', parameterProblem: nonNegativeInteger, create: (definition) => new LengthCheck(definition, 'max') };
