import { diffPolicyVersions, PolicyVersion, ruleText } from './policy-diff';

const base: PolicyVersion = {
  policyId: 'people-policy',
  version: 1,
  sourceId: 'people',
  createdAt: '2026-11-30T05:00:00.000Z',
  rules: { DEFAULT: { operator: 'replace' }, EMAIL_ADDRESS: { operator: 'redact' }, PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } } },
  fieldRules: { notes: { operator: 'drop' } },
};

describe('diffPolicyVersions', () => {
  it('lists added, removed and changed rules of entity types and fields, keys sorted, source and description first', () => {
    const next: PolicyVersion = {
      ...base,
      version: 2,
      sourceId: 'people-v2',
      description: 'hash e-mails',
      rules: { DEFAULT: { operator: 'replace' }, EMAIL_ADDRESS: { operator: 'hash', params: { hashType: 'sha256' } }, IBAN_CODE: { operator: 'encrypt' } },
      fieldRules: { comment: { operator: 'redact' } },
    };
    expect(diffPolicyVersions(base, next)).toEqual([
      { section: 'source', key: '', kind: 'changed', before: 'people', after: 'people-v2' },
      { section: 'description', key: '', kind: 'added', before: null, after: 'hash e-mails' },
      { section: 'entity', key: 'EMAIL_ADDRESS', kind: 'changed', before: 'redact', after: 'hash {"hashType":"sha256"}' },
      { section: 'entity', key: 'IBAN_CODE', kind: 'added', before: null, after: 'encrypt' },
      { section: 'entity', key: 'PHONE_NUMBER', kind: 'removed', before: 'mask {"keepLast":4,"maskingChar":"*"}', after: null },
      { section: 'field', key: 'comment', kind: 'added', before: null, after: 'redact' },
      { section: 'field', key: 'notes', kind: 'removed', before: 'drop', after: null },
    ]);
  });

  it('finds nothing between equal versions, whatever the order of parameters or a missing fieldRules', () => {
    const reordered: PolicyVersion = { ...base, version: 3, createdAt: '2026-11-30T06:00:00.000Z', rules: { ...base.rules, PHONE_NUMBER: { operator: 'mask', params: { keepLast: 4, maskingChar: '*' } } } };
    expect(diffPolicyVersions(base, reordered)).toEqual([]);
    expect(diffPolicyVersions({ ...base, fieldRules: undefined }, { ...base, fieldRules: {} })).toEqual([]);
  });

  it('a parameter change alone is a change; empty parameters read as none', () => {
    const next = { ...base, rules: { ...base.rules, PHONE_NUMBER: { operator: 'mask', params: { maskingChar: '#', keepLast: 4 } } } };
    expect(diffPolicyVersions(base, next)).toEqual([
      { section: 'entity', key: 'PHONE_NUMBER', kind: 'changed', before: 'mask {"keepLast":4,"maskingChar":"*"}', after: 'mask {"keepLast":4,"maskingChar":"#"}' },
    ]);
    expect(ruleText({ operator: 'redact', params: {} })).toBe('redact');
  });
});
