import type { CheckDefinition } from '../check-model';
import { fail, isAbsent, NO_VALUE, notEvaluated, PASS, type CheckOutcome, type RecordCheck, type RecordCheckFactory } from '../record-check';

const NOT_AN_ARRAY = notEvaluated('not an array');
const NOT_AN_OBJECT = notEvaluated('not an object');

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Counts of array items or object keys against a limit. */
class CountCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly limit: number;

  constructor(
    readonly definition: CheckDefinition,
    private readonly of: 'items' | 'properties',
    private readonly bound: 'min' | 'max',
  ) {
    this.limit = definition.parameters.limit as number;
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    let count: number;
    if (this.of === 'items') {
      if (!Array.isArray(value)) return NOT_AN_ARRAY;
      count = value.length;
    } else {
      if (!isPlainObject(value)) return NOT_AN_OBJECT;
      count = Object.keys(value).length;
    }
    if (this.bound === 'min' ? count >= this.limit : count <= this.limit) return PASS;
    return fail(count, `${this.definition.field.join('.')} has ${count} ${this.of}, ${this.bound === 'min' ? 'fewer than the minimum' : 'more than the maximum'} ${this.limit}`);
  }
}

const nonNegativeInteger = ({ limit }: Record<string, unknown>) => (Number.isInteger(limit) && (limit as number) >= 0 ? undefined : 'limit must be a non-negative integer');

function countFactory(type: string, of: 'items' | 'properties', bound: 'min' | 'max'): RecordCheckFactory {
  return { type, parameterProblem: nonNegativeInteger, create: (definition) => new CountCheck(definition, of, bound) };
}

export const minItemsCheckFactory = countFactory('min_items', 'items', 'min');
export const maxItemsCheckFactory = countFactory('max_items', 'items', 'max');
export const minPropertiesCheckFactory = countFactory('min_properties', 'properties', 'min');
export const maxPropertiesCheckFactory = countFactory('max_properties', 'properties', 'max');

/** Items compared by their JSON text, so objects with the same content are duplicates too. */
class UniqueItemsCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;

  constructor(readonly definition: CheckDefinition) {}

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (!Array.isArray(value)) return NOT_AN_ARRAY;
    const seen = new Set<unknown>();
    for (const item of value) seen.add(typeof item === 'object' && item !== null ? `json:${JSON.stringify(item)}` : item);
    const duplicates = value.length - seen.size;
    if (duplicates > 0) return fail(duplicates, `${this.definition.field.join('.')} has ${duplicates} duplicate item(s)`);
    return PASS;
  }
}

export const uniqueItemsCheckFactory: RecordCheckFactory = { type: 'unique_items', parameterProblem: () => undefined, create: (definition) => new UniqueItemsCheck(definition) };

/** An object holds every listed key (ODCS `logicalTypeOptions.required` of an object). */
class RequiredKeysCheck implements RecordCheck {
  readonly meaningfulOnProtectedValue = false;
  private readonly keys: string[];

  constructor(readonly definition: CheckDefinition) {
    this.keys = definition.parameters.keys as string[];
  }

  evaluate(value: unknown): CheckOutcome {
    if (isAbsent(value)) return NO_VALUE;
    if (!isPlainObject(value)) return NOT_AN_OBJECT;
    const missing = this.keys.filter((key) => !Object.hasOwn(value, key));
    return missing.length === 0 ? PASS : fail(missing, `${this.definition.field.join('.')} lacks ${missing.join(', ')}`);
  }
}

export const requiredKeysCheckFactory: RecordCheckFactory = {
  type: 'required_keys',
  parameterProblem: ({ keys }) => (Array.isArray(keys) && keys.length > 0 && keys.every((key) => typeof key === 'string') ? undefined : 'keys must be a non-empty list of strings'),
  create: (definition) => new RequiredKeysCheck(definition),
};
