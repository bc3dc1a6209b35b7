import type { CheckDefinition } from '../check-model';
import { fail, isAbsent, measuredText, NO_VALUE, notEvaluated, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';

const ZONE_SUFFIX = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const NOT_A_STRING = notEvaluated('not a string');

/** ODCS `timezone`: true → the timestamp states its offset; false → it does not. */
class TimezoneCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly required: boolean;

  constructor(readonly definition: CheckDefinition) {
    this.required = definition.parameters.required as boolean;
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (typeof value !== 'string') return NOT_A_STRING;
    // A time-of-day part is needed before a trailing "-05" can be an offset and not a day.
    const hasZone = value.includes(':') && ZONE_SUFFIX.test(value);
    if (hasZone === this.required) return PASS;
    return fail(measuredText(value), `${this.definition.field.join('.')} ${this.required ? 'has no time zone offset' : 'has a time zone offset but must not'}`);
  }
}

export const timezoneCheckFactory: RecordCheckFactory = {
  type: 'timezone',
  parameterProblem: ({ required }) => (typeof required === 'boolean' ? undefined : 'required must be true or false'),
  create: (definition) => new TimezoneCheck(definition),
};
