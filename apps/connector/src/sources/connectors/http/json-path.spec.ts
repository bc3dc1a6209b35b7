import { parseJsonPath, valueAtPath } from './json-path';

describe('JSON paths', () => {
  it('parses names and indexes after $', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.data.items')).toEqual(['data', 'items']);
    expect(parseJsonPath('$.results[2].rows')).toEqual(['results', 2, 'rows']);
  });

  it('names where a path breaks the grammar', () => {
    expect(() => parseJsonPath('data')).toThrow('JSON path "data" must start with $');
    expect(() => parseJsonPath('$.data..x')).toThrow('JSON path "$.data..x" is invalid at character 7');
    expect(() => parseJsonPath('$[*]')).toThrow('JSON path "$[*]" is invalid at character 2');
  });

  it('follows own properties and indexes only', () => {
    const document = { data: { items: [{ id: 1 }, { id: 2 }] }, list: [10, 20] };
    expect(valueAtPath(document, ['data', 'items', 1, 'id'])).toBe(2);
    expect(valueAtPath(document, ['list', 2])).toBeUndefined();
    expect(valueAtPath(document, ['data', 'constructor'])).toBeUndefined();
    expect(valueAtPath(document, ['list', 'length'])).toBeUndefined();
    expect(valueAtPath([{ a: 1 }], [0, 'a'])).toBe(1);
  });
});
