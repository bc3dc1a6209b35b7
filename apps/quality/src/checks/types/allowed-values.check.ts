import type { CheckDefinition } from '../check-model';
import { fail, isAbsent, measuredText, NO_VALUE, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';

type Scalar = string | number | boolean | null;

/** The value is one of a list of scalars (ODCS `invalidValues` with `validValues`); a set lookup, whatever the list's size. */
class AllowedValuesCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly allowed: ReadonlySet<Scalar>;

  constructor(readonly definition: CheckDefinition) {
    this.allowed = new Set(definition.parameters.values as Scalar[]);
  }

  evaluate(value: unknown): CheckOutcome {
    if (this.allowed.has(value === undefined ? null : (value as Scalar))) return PASS;
    if (isAbsent(value)) return NO_VALUE;
    const measured = typeof value === 'string' ? measuredText(value) : typeof value === 'object' ? JSON.stringify(value).slice(0, 64) : value;
    return fail(measured, `${this.definition.field.join('.')} is not one of the ${this.allowed.size} allowed values`);
  }
}

export const allowedValuesCheckFactory: RecordCheckFactory = {
  type: 'allowed_values',
  parameterProblem({ values }) {
    const scalar = (item: unknown) => item === null || ['string', 'number', 'boolean'].includes(typeof item);
    return Array.isArray(values) && values.length > 0 && values.every(scalar) ? undefined : 'values must be a non-empty list of strings, numbers, booleans or null';
  },
  create: (definition) => new AllowedValuesCheck(definition),
};
