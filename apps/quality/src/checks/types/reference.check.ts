import type { CheckDefinition } from '../check-model';
import { REFERENCE_VALUES, referenceColumnOf, referenceKey, referenceTextOf, type ReferenceColumn, type ReferenceValueCache } from '../reference/reference-values';
import { fail, isAbsent, measuredText, NO_VALUE, notEvaluated, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';

/** `{ table: 'reference.countries', column: 'code', mustExist: true }`: SodaCL `values in (country) must exist in countries (code)`. */
export interface ReferenceParameters {
  table: string;
  column: string;
  /** False for SodaCL's `must not exist in` (a deny list kept in a table). */
  mustExist: boolean;
}

/** The value must (or must not) be one of a reference column's values, looked up in the cache (reference-values.ts). */
class ReferenceCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  readonly reference: ReferenceColumn;
  private readonly key: string;
  private readonly mustExist: boolean;

  constructor(
    readonly definition: CheckDefinition,
    private readonly cache: ReferenceValueCache,
  ) {
    const parameters = definition.parameters as unknown as ReferenceParameters;
    this.reference = referenceColumnOf(parameters.table, parameters.column)!;
    this.key = referenceKey(this.reference);
    this.mustExist = parameters.mustExist;
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    const snapshot = this.cache.get(this.key);
    if (!snapshot) return notEvaluated(`reference ${this.key} is not loaded`);
    if (snapshot.state === 'unavailable') return notEvaluated(snapshot.reason);
    const text = referenceTextOf(value);
    if (text === undefined) return notEvaluated(`a ${Array.isArray(value) ? 'list' : typeof value} is not compared with reference values`);
    if (snapshot.values.has(text) === this.mustExist) return PASS;
    const field = this.definition.field.join('.');
    return fail(typeof value === 'string' ? measuredText(value) : value, this.mustExist ? `${field} is not in ${this.key}` : `${field} is in ${this.key}`);
  }
}

/** The reference checks of a record checker need these columns loaded (ReferenceTablesService). */
export function referenceOf(check: RecordCheck): ReferenceColumn | undefined {
  return check instanceof ReferenceCheck ? check.reference : undefined;
}

export function createReferenceCheckFactory(cache: ReferenceValueCache = REFERENCE_VALUES): RecordCheckFactory {
  return {
    type: 'reference',
    parameterProblem({ table, column, mustExist }) {
      if (typeof table !== 'string' || typeof column !== 'string' || !referenceColumnOf(table, column)) return 'table must be [schema.]table and column a column name (letters, digits, _)';
      return typeof mustExist === 'boolean' ? undefined : 'mustExist must be true or false';
    },
    create: (definition) => new ReferenceCheck(definition, cache),
  };
}
