import type { CheckDefinition } from '../check-model';
import { fail, isAbsent, NO_VALUE, notEvaluated, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';

const NOT_AN_OBJECT = notEvaluated('not an object');
const MAX_PATTERNS = 100;

/** A forbidden name, `*` standing for any characters (SodaCL `when forbidden column present: [pii*]`). */
function matcherOf(pattern: string): (key: string) => boolean {
  if (!pattern.includes('*')) return (key) => key === pattern;
  const expression = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return (key) => expression.test(key);
}

/** An object holds none of the forbidden keys (SodaCL schema checks): the measured value lists those it holds. */
class ForbiddenKeysCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = true;
  private readonly matchers: Array<(key: string) => boolean>;

  constructor(readonly definition: CheckDefinition) {
    this.matchers = (definition.parameters.patterns as string[]).map(matcherOf);
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (typeof value !== 'object' || Array.isArray(value)) return NOT_AN_OBJECT;
    const present = Object.keys(value as object).filter((key) => this.matchers.some((matches) => matches(key)));
    const where = this.definition.field.length === 0 ? 'the record' : this.definition.field.join('.');
    return present.length === 0 ? PASS : fail(present.slice(0, 20), `${where} holds forbidden ${present.slice(0, 20).join(', ')}`);
  }
}

export const forbiddenKeysCheckFactory: RecordCheckFactory = {
  type: 'forbidden_keys',
  parameterProblem: ({ patterns }) =>
    Array.isArray(patterns) && patterns.length > 0 && patterns.length <= MAX_PATTERNS && patterns.every((pattern) => typeof pattern === 'string' && pattern.length > 0 && pattern.length <= 200)
      ? undefined
      : `patterns must be 1-${MAX_PATTERNS} names of 1-200 characters ("*" matches any characters)`,
  create: (definition) => new ForbiddenKeysCheck(definition),
};
