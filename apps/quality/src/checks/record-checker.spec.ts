import type { CheckDefinition } from './check-model';
import { createRecordCheckFactories } from './default-record-checks';
import { protectedPathsOf, RecordCheckRegistry, SourceContractChecker } from './record-checker';

const registry = new RecordCheckRegistry(createRecordCheckFactories());

function definition(id: string, type: string, field: string[], parameters: Record<string, unknown>, level: 'fail' | 'warn' = 'fail'): CheckDefinition {
  return { id, name: `${id} name`, type, field, level, parameters, origin: '/schema/0' };
}

const definitions = [
  definition('email.required', 'not_null', ['email'], { missingValues: [''] }),
  definition('email.format', 'format', ['email'], { format: 'email' }),
  definition('age.type', 'logical_type', ['age'], { logicalType: 'integer' }),
  definition('age.max', 'maximum', ['age'], { limit: 120 }, 'warn'),
  definition('zip.pattern', 'pattern', ['address', 'zip'], { pattern: '^[0-9]{4}$' }),
];
const checker = new SourceContractChecker('people-contract', '2.0.0', 'people', definitions.map((each) => registry.create(each)));

describe('SourceContractChecker', () => {
  it('passes a good record with every check evaluated', () => {
    expect(checker.evaluate({ email: 'ann@example.org', age: 40, address: { zip: '1000' } })).toEqual({ failed: [], warned: [], notEvaluated: [], passed: 5 });
  });

  it('reports failed fail-level checks, warned ones apart, with id, name, rule, field and measured value', () => {
    const verdict = checker.evaluate({ email: 'nope', age: 130, address: { zip: 'AB' } });
    expect(verdict.failed).toEqual([
      { checkId: 'email.format', checkName: 'email.format name', rule: 'format', field: 'email', level: 'fail', outcome: 'fail', measuredValue: 'nope', message: 'email is not a valid email' },
      { checkId: 'zip.pattern', checkName: 'zip.pattern name', rule: 'pattern', field: 'address.zip', level: 'fail', outcome: 'fail', measuredValue: 'AB', message: 'address.zip does not match the pattern ^[0-9]{4}$' },
    ]);
    expect(verdict.warned).toEqual([{ checkId: 'age.max', checkName: 'age.max name', rule: 'maximum', field: 'age', level: 'warn', outcome: 'fail', measuredValue: 130, message: 'age is 130, not at most 120' }]);
    expect(verdict.passed).toBe(2);
  });

  it('does not evaluate value checks on protected values, and keeps presence meaningful', () => {
    const protectedPaths = protectedPathsOf([{ field: 'email', operator: 'replace' }, { field: 'address.zip', operator: 'redact' }]);
    const verdict = checker.evaluate({ email: '<EMAIL_ADDRESS>', age: 40, address: { zip: '' } }, protectedPaths);
    expect(verdict.failed).toEqual([]);
    expect(verdict.notEvaluated.map((result) => [result.checkId, result.message])).toEqual([
      ['email.format', 'value protected by pii-detection'],
      ['zip.pattern', 'value protected by pii-detection'],
    ]);
    expect(verdict.passed).toBe(3);
  });

  it('a value redacted to "" was present: required passes; a truly missing protected-path value still fails', () => {
    const redacted = checker.evaluate({ email: '', age: 40, address: { zip: '1000' } }, protectedPathsOf([{ field: 'email', operator: 'redact' }]), true);
    expect(redacted.results?.[0]).toEqual({ checkId: 'email.required', checkName: 'email.required name', rule: 'not_null', field: 'email', level: 'fail', outcome: 'pass', measuredValue: 'protected' });
    const unprotected = checker.evaluate({ email: '', age: 40, address: { zip: '1000' } });
    expect(unprotected.failed.map((result) => result.checkId)).toEqual(['email.required', 'email.format']);
  });

  it('values kept as they are (operator keep) are evaluated', () => {
    const verdict = checker.evaluate({ email: 'nope', age: 1, address: { zip: '1000' } }, protectedPathsOf([{ field: 'email', operator: 'keep' }]));
    expect(verdict.failed.map((result) => result.checkId)).toEqual(['email.format']);
  });

  it('a detailed evaluation lists every result in contract order', () => {
    const verdict = checker.evaluate({ email: 'ann@example.org', address: 'flat' }, undefined, true);
    expect(verdict.results?.map((result) => `${result.checkId}:${result.outcome}`)).toEqual(['email.required:pass', 'email.format:pass', 'age.type:not_evaluated', 'age.max:not_evaluated', 'zip.pattern:not_evaluated']);
  });

  it('never reads inherited properties', () => {
    expect(checker.evaluate({ address: { zip: '1000' } }).failed.map((result) => result.checkId)).toEqual(['email.required']);
    expect(new SourceContractChecker('c', '1', 's', [registry.create(definition('x', 'not_null', ['constructor'], {}))]).evaluate({}).failed[0].measuredValue).toBe('missing');
  });
});

describe('protectedPathsOf', () => {
  it('marks each protected path and its containers, ignoring keep', () => {
    expect([...(protectedPathsOf([{ field: 'contact.emails[0]', operator: 'mask' }, { field: 'city', operator: 'keep' }]) ?? [])]).toEqual(['contact.emails[0]', 'contact', 'contact.emails']);
    expect(protectedPathsOf([])).toBeUndefined();
  });
});

describe('RecordCheckRegistry', () => {
  it('names unknown types and bad parameters', () => {
    expect(registry.problemOf(definition('x', 'cel', ['a'], {}))).toBe('no check type "cel"');
    expect(registry.problemOf(definition('x', 'maximum', ['a'], { limit: 'ten' }))).toBe('limit must be a number');
    expect(() => registry.create(definition('x', 'cel', ['a'], {}))).toThrow('no check type "cel"');
  });
});
