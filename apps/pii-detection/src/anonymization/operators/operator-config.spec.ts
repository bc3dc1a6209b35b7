import { applySyncOperator, parseAtlasOperator, parsePresidioOperator } from './operator-config';

const keys = { hashKey: Buffer.alloc(32, 1), encryptKey: Buffer.alloc(32, 2) };

function problemsOf(result: { ok: boolean; problems?: string[] }): string[] {
  return result.ok ? [] : (result.problems ?? []);
}

describe('parseAtlasOperator', () => {
  it('accepts every operator with valid params', () => {
    expect(parseAtlasOperator({ operator: 'replace' }, 'r')).toEqual({ ok: true, value: { operator: 'replace', params: {} } });
    expect(parseAtlasOperator({ operator: 'mask', params: { maskingChar: '*', keepLast: 4 } }, 'r')).toEqual({
      ok: true,
      value: { operator: 'mask', params: { maskingChar: '*', keepLast: 4 } },
    });
    expect(parseAtlasOperator({ operator: 'hash', params: { length: 32 } }, 'r')).toEqual({ ok: true, value: { operator: 'hash', params: { hashType: 'sha256', length: 32 } } });
    expect(parseAtlasOperator({ operator: 'tokenize', params: { namespace: 'customers' } }, 'r')).toEqual({ ok: true, value: { operator: 'tokenize', params: { namespace: 'customers' } } });
    for (const operator of ['redact', 'keep', 'drop', 'encrypt']) expect(parseAtlasOperator({ operator }, 'r').ok).toBe(true);
  });
  it('names every problem with where it was found', () => {
    expect(problemsOf(parseAtlasOperator({ operator: 'shred' }, 'rules.X'))).toEqual(['rules.X: operator must be one of replace, redact, mask, hash, encrypt, tokenize, keep, drop']);
    expect(problemsOf(parseAtlasOperator({ operator: 'mask', params: { maskingChar: '**', charsToMask: -1 } }, 'm'))).toEqual([
      'm: maskingChar must be exactly one character',
      'm: charsToMask must be a non-negative integer',
    ]);
    expect(problemsOf(parseAtlasOperator({ operator: 'mask', params: { maskingChar: '*', keepLast: 2, fromEnd: true } }, 'm'))).toEqual([
      'm: keepLast cannot be combined with charsToMask or fromEnd',
    ]);
    expect(problemsOf(parseAtlasOperator({ operator: 'hash', params: { hashType: 'md5', length: 8 } }, 'h'))).toEqual([
      'h: hashType must be one of sha256, sha512',
      'h: length must be an integer from 16 to 64 (hex characters kept)',
    ]);
    expect(problemsOf(parseAtlasOperator({ operator: 'redact', params: { x: 1 } }, 'r'))).toEqual(['r: unknown parameter "x" (allowed: none)']);
    expect(problemsOf(parseAtlasOperator({ operator: 'replace', extra: 1 }, 'r'))).toEqual(['r: unknown parameter "extra" (allowed: operator, params)']);
    expect(problemsOf(parseAtlasOperator('replace', 'r'))).toEqual(['r: must be an object { operator, params? }']);
    expect(problemsOf(parseAtlasOperator({ operator: 'tokenize', params: { namespace: 'Bad Space' } }, 't'))[0]).toMatch(/namespace must match/);
    expect(problemsOf(parseAtlasOperator({ operator: 'encrypt', params: { key: 'short' } }, 'e'))[0]).toMatch(/128, 192 or 256 bits/);
  });
});

describe('parsePresidioOperator', () => {
  it('reads snake_case params (Presidio README mask)', () => {
    expect(parsePresidioOperator({ type: 'mask', masking_char: '*', chars_to_mask: 4, from_end: true }, 'a')).toEqual({
      ok: true,
      value: { operator: 'mask', params: { maskingChar: '*', charsToMask: 4, fromEnd: true } },
    });
    expect(parsePresidioOperator({ type: 'replace', new_value: 'ANONYMIZED' }, 'a')).toEqual({ ok: true, value: { operator: 'replace', params: { newValue: 'ANONYMIZED' } } });
    expect(parsePresidioOperator({ type: 'hash', hash_type: 'sha512', salt: 'ignored-salt-value' }, 'a')).toEqual({ ok: true, value: { operator: 'hash', params: { hashType: 'sha512' } } });
    expect(parsePresidioOperator({ type: 'encrypt', key: 'WmZq4t7w!z%C&F)J' }, 'a')).toEqual({ ok: true, value: { operator: 'encrypt', params: { key: 'WmZq4t7w!z%C&F)J' } } });
  });
  it('refuses custom lambdas, drop and unknown types', () => {
    expect(problemsOf(parsePresidioOperator({ type: 'custom', lambda: 'lambda x: x' }, 'a'))[0]).toMatch(/custom.*not supported/);
    expect(problemsOf(parsePresidioOperator({ type: 'drop' }, 'a'))[0]).toMatch(/type must be one of/);
    expect(problemsOf(parsePresidioOperator({ type: 'mask', masking_char: '*', maskingChar: '*' }, 'a'))[0]).toMatch(/unknown parameter "maskingChar"/);
  });
});

describe('applySyncOperator', () => {
  it('dispatches to each operator', () => {
    expect(applySyncOperator('Jane', 'PERSON', { operator: 'replace' }, keys)).toBe('<PERSON>');
    expect(applySyncOperator('Jane', 'PERSON', { operator: 'redact' }, keys)).toBe('');
    expect(applySyncOperator('Jane', 'PERSON', { operator: 'keep' }, keys)).toBe('Jane');
    expect(applySyncOperator('Jane', 'PERSON', { operator: 'mask', params: { maskingChar: '*', keepLast: 1 } }, keys)).toBe('***e');
    expect(applySyncOperator('Jane', 'PERSON', { operator: 'hash', params: { length: 16 } }, keys)).toMatch(/^[0-9a-f]{16}$/);
    expect(applySyncOperator('Jane', 'PERSON', { operator: 'encrypt' }, keys)).toMatch(/^enc:v1:/);
  });
});
