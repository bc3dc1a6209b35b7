import { checkOf } from '../check-fixtures.spec-helper';
import { maxItemsCheckFactory, maxPropertiesCheckFactory, minItemsCheckFactory, minPropertiesCheckFactory, requiredKeysCheckFactory, uniqueItemsCheckFactory } from './collection.checks';

describe('array and object checks', () => {
  it('min_items and max_items count array items', () => {
    expect(checkOf(maxItemsCheckFactory, { limit: 2 }, ['tags']).evaluate([1, 2, 3])).toEqual({ outcome: 'fail', measuredValue: 3, message: 'tags has 3 items, more than the maximum 2' });
    expect(checkOf(minItemsCheckFactory, { limit: 1 }, ['tags']).evaluate([])).toEqual({ outcome: 'fail', measuredValue: 0, message: 'tags has 0 items, fewer than the minimum 1' });
    expect(checkOf(minItemsCheckFactory, { limit: 1 }, ['tags']).evaluate(['a'])).toEqual({ outcome: 'pass' });
    expect(checkOf(minItemsCheckFactory, { limit: 1 }, ['tags']).evaluate('a')).toEqual({ outcome: 'not_evaluated', message: 'not an array' });
  });

  it('unique_items compares items by content and measures the duplicates', () => {
    const unique = checkOf(uniqueItemsCheckFactory, {}, ['tags']);
    expect(unique.evaluate([1, '1', { a: 1 }])).toEqual({ outcome: 'pass' });
    expect(unique.evaluate([1, 1, { a: 1 }, { a: 1 }])).toEqual({ outcome: 'fail', measuredValue: 2, message: 'tags has 2 duplicate item(s)' });
  });

  it('min_properties, max_properties and required_keys look at object keys', () => {
    expect(checkOf(maxPropertiesCheckFactory, { limit: 1 }, ['details']).evaluate({ a: 1, b: 2 })).toEqual({ outcome: 'fail', measuredValue: 2, message: 'details has 2 properties, more than the maximum 1' });
    expect(checkOf(minPropertiesCheckFactory, { limit: 1 }, ['details']).evaluate({})).toEqual({ outcome: 'fail', measuredValue: 0, message: 'details has 0 properties, fewer than the minimum 1' });
    const keys = checkOf(requiredKeysCheckFactory, { keys: ['num_children', 'date_of_birth'] }, ['details']);
    expect(keys.evaluate({ num_children: 0, date_of_birth: null })).toEqual({ outcome: 'pass' });
    expect(keys.evaluate({ num_children: 0 })).toEqual({ outcome: 'fail', measuredValue: ['date_of_birth'], message: 'details lacks date_of_birth' });
    expect(keys.evaluate([1])).toEqual({ outcome: 'not_evaluated', message: 'not an object' });
    expect(requiredKeysCheckFactory.parameterProblem({ keys: [] })).toBe('keys must be a non-empty list of strings');
  });
});
