import { definitionOf } from '../check-fixtures.spec-helper';
import { referenceColumnsOf, referenceTupleText, ReferenceValueCache } from '../reference/reference-values';
import { createReferenceCheckFactory, referenceOf } from './reference.check';

describe('reference', () => {
  const cache = new ReferenceValueCache(60_000, 10);
  const factory = createReferenceCheckFactory(cache);
  const country = factory.create(definitionOf('reference', { table: 'countries', column: 'code', mustExist: true }, ['country']));
  const banned = factory.create(definitionOf('reference', { table: 'reference.banned', column: 'code', mustExist: false }, ['country']));

  it('reads [schema.]table and column as plain identifiers, in the reference schema by default', () => {
    expect(referenceColumnsOf('countries', ['code'])).toEqual({ schema: 'reference', table: 'countries', columns: ['code'] });
    expect(referenceColumnsOf('navigate_typed.countries', ['iso_code'])).toEqual({ schema: 'navigate_typed', table: 'countries', columns: ['iso_code'] });
    expect(referenceColumnsOf('a.b.c', ['code'])).toBeUndefined();
    expect(referenceColumnsOf('countries"; drop table x; --', ['code'])).toBeUndefined();
    expect(referenceColumnsOf('regions', ['country', 'bad name'])).toBeUndefined();
    expect(referenceColumnsOf('regions', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])).toBeUndefined();
    expect(factory.parameterProblem({ table: 'bad name', column: 'code', mustExist: true })).toBe('table must be [schema.]table and column a column name (letters, digits, _)');
    expect(factory.parameterProblem({ table: 'countries', column: 'code', mustExist: 'yes' })).toBe('mustExist must be true or false');
    expect(referenceOf(country)).toEqual({ schema: 'reference', table: 'countries', columns: ['code'] });
  });

  it('passes values in the reference column and fails others, comparing by text', () => {
    cache.set('reference.countries(code)', { state: 'loaded', values: new Set(['DE', 'FR', '250']), loadedAtMs: 0 });
    cache.set('reference.banned(code)', { state: 'loaded', values: new Set(['XX']), loadedAtMs: 0 });
    expect(country.evaluate('DE')).toEqual({ outcome: 'pass' });
    expect(country.evaluate(250)).toEqual({ outcome: 'pass' });
    expect(country.evaluate('XX')).toEqual({ outcome: 'fail', measuredValue: 'XX', message: 'country is not in reference.countries(code)' });
    expect(banned.evaluate('XX')).toEqual({ outcome: 'fail', measuredValue: 'XX', message: 'country is in reference.banned(code)' });
    expect(banned.evaluate('DE')).toEqual({ outcome: 'pass' });
    expect(country.evaluate(null)).toEqual({ outcome: 'not_evaluated', message: 'no value' });
    expect(country.evaluate({ code: 'DE' })).toEqual({ outcome: 'not_evaluated', message: 'a object is not compared with reference values' });
  });

  it('looks several columns up together as a tuple of the record\'s fields, by text', () => {
    const parameters = { table: 'regions', columns: ['country', 'code'], fields: ['country', 'address.region'], mustExist: true };
    expect(factory.parameterProblem(parameters)).toBeUndefined();
    expect(factory.parameterProblem({ ...parameters, fields: ['country'] })).toBe("fields must name the record's 2 fields matching columns, in order");
    expect(factory.parameterProblem({ ...parameters, columns: ['country'] })).toBe('columns must name 2 to 8 columns of the table');
    expect(factory.parameterProblem({ ...parameters, column: 'code' })).toBe('give column (one) or columns (several), not both');
    const region = factory.create(definitionOf('reference', parameters, []));
    expect(region.readsFields).toEqual(['country', 'address.region']);
    expect(referenceOf(region)).toEqual({ schema: 'reference', table: 'regions', columns: ['country', 'code'] });
    expect(referenceTupleText(['DE', 'BY'])).toBe('["DE","BY"]');
    cache.set('reference.regions(country, code)', { state: 'loaded', values: new Set([referenceTupleText(['DE', 'BY']), referenceTupleText(['FR', '75'])]), loadedAtMs: 0 });
    expect(region.evaluate({ country: 'DE', address: { region: 'BY' } })).toEqual({ outcome: 'pass' });
    expect(region.evaluate({ country: 'FR', address: { region: 75 } })).toEqual({ outcome: 'pass' });
    // Each value exists in its column, but not together in one row.
    expect(region.evaluate({ country: 'DE', address: { region: '75' } })).toEqual({
      outcome: 'fail',
      measuredValue: { country: 'DE', 'address.region': '75' },
      message: '(country, address.region) is not in reference.regions(country, code)',
    });
    expect(region.evaluate({ country: 'DE', address: {} })).toEqual({ outcome: 'not_evaluated', message: 'no value' });
    expect(region.evaluate({ country: ['DE'], address: { region: 'BY' } })).toEqual({ outcome: 'not_evaluated', message: 'country: a list is not compared with reference values' });
  });

  it('is not evaluated while its column is not loaded or unavailable, with the reason', () => {
    const fresh = createReferenceCheckFactory(new ReferenceValueCache()).create(definitionOf('reference', { table: 'countries', column: 'code', mustExist: true }, ['country']));
    expect(fresh.evaluate('DE')).toEqual({ outcome: 'not_evaluated', message: 'reference reference.countries(code) is not loaded' });
    cache.set('reference.countries(code)', { state: 'unavailable', reason: 'reference reference.countries(code): no such table or column', loadedAtMs: 0 });
    expect(country.evaluate('DE')).toEqual({ outcome: 'not_evaluated', message: 'reference reference.countries(code): no such table or column' });
  });

  it('keeps at most 64 columns, the least recently used leaving first, and says when one is stale', () => {
    const bounded = new ReferenceValueCache(1000, 10);
    for (let index = 0; index < 70; index++) bounded.set(`t${index}`, { state: 'loaded', values: new Set(), loadedAtMs: 0 });
    expect(bounded.size).toBe(64);
    expect(bounded.get('t5')).toBeUndefined();
    expect(bounded.get('t6')).toBeDefined();
    expect([bounded.isStale('t6', 999), bounded.isStale('t6', 1000), bounded.isStale('t0', 0)]).toEqual([false, true, true]);
  });
});
