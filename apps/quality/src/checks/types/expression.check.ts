import type { CheckDefinition } from '../check-model';
import { compileExpression, type CompiledExpression } from '../expression/expression-evaluator';
import { ExpressionError, fieldsOf, parseExpression } from '../expression/expression-syntax';
import { fail, measuredText, notEvaluated, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';

/** `must_hold`: the record fails when the condition is false (an ODCS Atlas rule). `fail_when`: when it is true (SodaCL `fail condition`). */
export type ExpressionMode = 'must_hold' | 'fail_when';

const MEASURED_FIELDS = 8;
const UNKNOWN = notEvaluated('unknown: a field it reads is missing, null or of another type');

function measuredOf(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'string') return measuredText(value);
  return typeof value === 'object' && value !== null ? measuredText(JSON.stringify(value)) : value;
}

/**
 * A condition across the fields of one record (checks/expression/expression-syntax.ts). SQL
 * semantics: a condition that is unknown because a field is missing or null is not evaluated
 * (missing values are not_null's business). A failure measures the fields the condition read.
 */
class ExpressionCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  readonly readsFields: readonly string[];
  private readonly paths: Array<[string, string[]]>;
  private readonly condition: CompiledExpression;
  private readonly failsWhen: boolean;
  private readonly message: string;

  constructor(readonly definition: CheckDefinition) {
    const { expression, mode } = definition.parameters as { expression: string; mode: ExpressionMode };
    const tree = parseExpression(expression);
    this.condition = compileExpression(tree);
    this.paths = [...fieldsOf(tree)];
    this.readsFields = this.paths.map(([name]) => name);
    this.failsWhen = mode === 'fail_when';
    this.message = this.failsWhen ? `fail condition holds: ${measuredText(expression)}` : `does not hold: ${measuredText(expression)}`;
  }

  /** The value is the whole payload: the condition reads its fields. */
  evaluate(payload: unknown): CheckOutcome {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return UNKNOWN;
    const result = this.condition(payload as Record<string, unknown>);
    if (typeof result !== 'boolean') return UNKNOWN;
    if (result !== this.failsWhen) return PASS;
    const measured: Record<string, unknown> = {};
    for (const [name, path] of this.paths.slice(0, MEASURED_FIELDS)) {
      let current: unknown = payload;
      for (const key of path) current = typeof current === 'object' && current !== null && Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
      measured[name] = measuredOf(current);
    }
    return fail(measured, this.message);
  }
}

/** Why an expression cannot be a check, naming the character of the problem; undefined when it can. */
export function expressionProblem(expression: unknown): string | undefined {
  if (typeof expression !== 'string') return 'expression must be a text condition, like end_date >= start_date';
  try {
    parseExpression(expression);
    return undefined;
  } catch (error) {
    if (error instanceof ExpressionError) return `expression ${error.message}`;
    throw error;
  }
}

export const expressionCheckFactory: RecordCheckFactory = {
  type: 'expression',
  parameterProblem({ expression, mode }) {
    if (mode !== 'must_hold' && mode !== 'fail_when') return 'mode must be must_hold or fail_when';
    return expressionProblem(expression);
  },
  create: (definition) => new ExpressionCheck(definition),
};
