import type { CheckDefinition } from '../check-model';
import { MAX_REFERENCE_COLUMNS, REFERENCE_VALUES, referenceColumnsOf, referenceKey, referenceTextOf, referenceTupleText, type ReferenceColumns, type ReferenceValueCache } from '../reference/reference-values';
import { fail, isAbsent, measuredText, NO_VALUE, notEvaluated, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';

/**
 * `{ table: 'reference.countries', column: 'code', mustExist: true }`: SodaCL `values in (country) must exist in countries (code)`.
 * Several columns together (`values in (country, region) must exist in regions (code, name)`): `columns` of the
 * table and the record's `fields` (dotted paths) in the same order; the definition's field is then empty.
 */
export interface ReferenceParameters {
  table: string;
  column?: string;
  columns?: string[];
  fields?: string[];
  /** False for SodaCL's `must not exist in` (a deny list kept in a table). */
  mustExist: boolean;
}

function columnsOf(parameters: ReferenceParameters): string[] {
  return parameters.columns ?? [parameters.column!];
}

/** The value must (or must not) be one of a reference column's values, looked up in the cache (reference-values.ts). */
class ReferenceCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  readonly reference: ReferenceColumns;
  readonly readsFields?: readonly string[];
  private readonly paths?: Array<[string, string[]]>;
  private readonly key: string;
  private readonly mustExist: boolean;

  constructor(
    readonly definition: CheckDefinition,
    private readonly cache: ReferenceValueCache,
  ) {
    const parameters = definition.parameters as unknown as ReferenceParameters;
    this.reference = referenceColumnsOf(parameters.table, columnsOf(parameters))!;
    this.key = referenceKey(this.reference);
    this.mustExist = parameters.mustExist;
    if (parameters.fields) {
      this.readsFields = parameters.fields;
      this.paths = parameters.fields.map((field) => [field, field.split('.')]);
    }
  }

  /** One column: the field's value. Several: the whole payload, whose fields form the tuple. */
  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    const snapshot = this.cache.get(this.key);
    if (!snapshot) return notEvaluated(`reference ${this.key} is not loaded`);
    if (snapshot.state === 'unavailable') return notEvaluated(snapshot.reason);
    if (this.paths) return this.evaluateTuple(value as Record<string, unknown>, snapshot.values);
    const text = referenceTextOf(value);
    if (text === undefined) return notEvaluated(`a ${Array.isArray(value) ? 'list' : typeof value} is not compared with reference values`);
    if (snapshot.values.has(text) === this.mustExist) return PASS;
    const field = this.definition.field.join('.');
    return fail(typeof value === 'string' ? measuredText(value) : value, this.mustExist ? `${field} is not in ${this.key}` : `${field} is in ${this.key}`);
  }

  /** Like SQL's join on every column: a tuple with a missing or null value is not evaluated (not_null's business). */
  private evaluateTuple(payload: Record<string, unknown>, values: ReadonlySet<string>): CheckOutcome {
    const texts: string[] = [];
    const measured: Record<string, unknown> = {};
    for (const [name, path] of this.paths!) {
      let current: unknown = payload;
      for (const key of path) current = typeof current === 'object' && current !== null && !Array.isArray(current) && Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
      if (isAbsent(current)) return NO_VALUE;
      const text = referenceTextOf(current);
      if (text === undefined) return notEvaluated(`${name}: a ${Array.isArray(current) ? 'list' : typeof current} is not compared with reference values`);
      texts.push(text);
      measured[name] = typeof current === 'string' ? measuredText(current) : current;
    }
    if (values.has(referenceTupleText(texts)) === this.mustExist) return PASS;
    const fields = `(${this.readsFields!.join(', ')})`;
    return fail(measured, this.mustExist ? `${fields} is not in ${this.key}` : `${fields} is in ${this.key}`);
  }
}

/** The reference checks of a record checker need these columns loaded (ReferenceTablesService). */
export function referenceOf(check: RecordCheck): ReferenceColumns | undefined {
  return check instanceof ReferenceCheck ? check.reference : undefined;
}

function parameterProblem({ table, column, columns, fields, mustExist }: Record<string, unknown>): string | undefined {
  if (typeof mustExist !== 'boolean') return 'mustExist must be true or false';
  if (columns === undefined) {
    if (typeof table !== 'string' || typeof column !== 'string' || !referenceColumnsOf(table, [column])) return 'table must be [schema.]table and column a column name (letters, digits, _)';
    return fields === undefined ? undefined : 'fields go with columns (several columns together)';
  }
  const isNames = (value: unknown): value is string[] => Array.isArray(value) && value.every((name) => typeof name === 'string' && name.trim() !== '');
  if (column !== undefined) return 'give column (one) or columns (several), not both';
  if (!isNames(columns) || columns.length < 2 || columns.length > MAX_REFERENCE_COLUMNS) return `columns must name 2 to ${MAX_REFERENCE_COLUMNS} columns of the table`;
  if (typeof table !== 'string' || !referenceColumnsOf(table, columns)) return 'table must be [schema.]table and columns column names (letters, digits, _)';
  if (!isNames(fields) || fields.length !== columns.length) return `fields must name the record's ${columns.length} fields matching columns, in order`;
  return undefined;
}

export function createReferenceCheckFactory(cache: ReferenceValueCache = REFERENCE_VALUES): RecordCheckFactory {
  return { type: 'reference', parameterProblem, create: (definition) => new ReferenceCheck(definition, cache) };
}
