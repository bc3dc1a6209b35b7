import { parsePolicyBody } from './policy-document';

describe('parsePolicyBody', () => {
  it('accepts a full policy and normalizes its rules', () => {
    const result = parsePolicyBody({
      sourceId: 'people',
      rules: { DEFAULT: { operator: 'replace' }, EMAIL_ADDRESS: { operator: 'hash', params: { length: 32 } }, PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } } },
      fieldRules: { internal_notes: { operator: 'drop' }, 'contact.email': { operator: 'tokenize', params: { namespace: 'emails' } } },
      description: 'People',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        sourceId: 'people',
        document: {
          rules: {
            DEFAULT: { operator: 'replace', params: {} },
            EMAIL_ADDRESS: { operator: 'hash', params: { hashType: 'sha256', length: 32 } },
            PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } },
          },
          fieldRules: { internal_notes: { operator: 'drop' }, 'contact.email': { operator: 'tokenize', params: { namespace: 'emails' } } },
          description: 'People',
        },
      },
    });
    expect(parsePolicyBody({ sourceId: '*', rules: {} }).ok).toBe(true);
  });

  it('lists every problem at once', () => {
    const result = parsePolicyBody({
      sourceId: 'Bad Source',
      rules: { NOT_AN_ENTITY: { operator: 'replace' }, PERSON: { operator: 'drop' }, EMAIL_ADDRESS: { operator: 'mask' } },
      fieldRules: { ' bad': { operator: 'keep' } },
      description: 5,
      extra: true,
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      'unknown property at position 5 (allowed: sourceId, rules, fieldRules, description)',
      'sourceId must be "*" (every source) or a source id (1-63 lowercase letters, digits, "_" or "-")',
      'rules.NOT_AN_ENTITY: unknown entity type (use DEFAULT or one of GET /supportedentities)',
      'rules.PERSON: drop removes a whole field; use it in fieldRules (redact removes a span)',
      'rules.EMAIL_ADDRESS: maskingChar must be exactly one character',
      'fieldRules: " bad" is not a field path (e.g. email or contact.email)',
      'description must be a string of at most 500 characters',
    ]);
  });

  it('requires an object body with rules', () => {
    expect(parsePolicyBody([])).toEqual({ ok: false, problems: ['The body must be a JSON object { sourceId, rules, fieldRules?, description? }'] });
    expect(parsePolicyBody({ sourceId: '*' })).toEqual({ ok: false, problems: ['rules must be an object mapping entity types (or DEFAULT) to { operator, params? }'] });
  });

  it('keeps field rules named __proto__ or constructor as ordinary entries, never touching a prototype', () => {
    const result = parsePolicyBody(JSON.parse('{"sourceId":"crm","rules":{"DEFAULT":{"operator":"replace"}},"fieldRules":{"__proto__":{"operator":"drop"},"constructor":{"operator":"redact"}}}'));
    if (!result.ok) throw new Error(result.problems.join('; '));
    const fieldRules = result.value.document.fieldRules!;
    expect(Object.keys(fieldRules)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(fieldRules, '__proto__')?.value).toEqual({ operator: 'drop' });
    expect(fieldRules.constructor).toEqual({ operator: 'redact' });
    expect(Object.hasOwn(result.value.document.rules, 'toString')).toBe(false);
    expect(result.value.document.rules.toString).toBeUndefined();
  });
});
