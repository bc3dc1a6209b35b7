import type { CheckDefinition } from '../check-model';
import { fail, PASS, type RecordCheck, type RecordCheckFactory } from '../record-check';

type Scalar = string | number | boolean | null;

/**
 * Presence: the field is there and is not one of the missing values (null always; ODCS
 * `required: true` also counts "", `missingValues` lists its own). Evaluated on protected records
 * too: a value pii-detection rewrote was present (see the validation service for the exception).
 */
class NotNullCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = true;
  private readonly missing: ReadonlySet<Scalar>;

  constructor(readonly definition: CheckDefinition) {
    this.missing = new Set((definition.parameters.missingValues as Scalar[] | undefined) ?? []);
  }

  evaluate(value: unknown) {
    if (value === undefined) return fail('missing', `${this.definition.field.join('.')} is required but is missing`);
    if (value === null || this.missing.has(value as Scalar)) {
      return fail(value, `${this.definition.field.join('.')} is required but is ${JSON.stringify(value)}`);
    }
    return PASS;
  }
}

export const notNullCheckFactory: RecordCheckFactory = {
  type: 'not_null',
  parameterProblem(parameters) {
    const missingValues = parameters.missingValues;
    if (missingValues === undefined) return undefined;
    const scalar = (item: unknown) => item === null || ['string', 'number', 'boolean'].includes(typeof item);
    return Array.isArray(missingValues) && missingValues.every(scalar) ? undefined : 'missingValues must be a list of strings, numbers, booleans or null';
  },
  create: (definition) => new NotNullCheck(definition),
};
