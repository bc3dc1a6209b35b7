import { definitionOf } from '../check-fixtures.spec-helper';
import { referenceColumnOf, ReferenceValueCache } from '../reference/reference-values';
import { createReferenceCheckFactory, referenceOf } from './reference.check';

describe('reference', () => {
  const cache = new ReferenceValueCache(60_000, 10);
  const factory = createReferenceCheckFactory(cache);
  const country = factory.create(definitionOf('reference', { table: 'countries', column: 'code', mustExist: true }, ['country']));
  const banned = factory.create(definitionOf('reference', { table: 'reference.banned', column: 'code', mustExist: false }, ['country']));

  it('reads [schema.]table and column as plain identifiers, in the reference schema by default', () => {
    expect(referenceColumnOf('countries', 'code')).toEqual({ schema: 'reference', table: 'countries', column: 'code' });
    expect(referenceColumnOf('navigate_typed.countries', 'iso_code')).toEqual({ schema: 'navigate_typed', table: 'countries', column: 'iso_code' });
    expect(referenceColumnOf('a.b.c', 'code')).toBeUndefined();
    expect(referenceColumnOf('countries"; drop table x; --', 'code')).toBeUndefined();
    expect(factory.parameterProblem({ table: 'bad name', column: 'code', mustExist: true })).toBe('table must be [schema.]table and column a column name (letters, digits, _)');
    expect(factory.parameterProblem({ table: 'countries', column: 'code', mustExist: 'yes' })).toBe('mustExist must be true or false');
    expect(referenceOf(country)).toEqual({ schema: 'reference', table: 'countries', column: 'code' });
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
