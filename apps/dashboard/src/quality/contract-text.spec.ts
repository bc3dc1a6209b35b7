import { asNewVersion, contractText, lineOfPointer, locateProblems, nextVersion, parseContractText, pointerSegments } from './contract-text';

const DOCUMENT = { apiVersion: 'v3.1.0', kind: 'DataContract', id: 'orders', version: '1.0.0', schema: [{ name: 'orders', properties: [{ name: 'id' }, { name: 'a/b', logicalType: 'strin' }] }] };

describe('contract text', () => {
  it('writes YAML or JSON and reads either back to the same document', () => {
    const yaml = contractText(DOCUMENT, 'yaml');
    expect(yaml.split('\n').slice(0, 6)).toEqual(['apiVersion: v3.1.0', 'kind: DataContract', 'id: orders', 'version: 1.0.0', 'schema:', '  - name: orders']);
    expect(parseContractText(yaml)).toEqual({ document: DOCUMENT });
    expect(parseContractText(contractText(DOCUMENT, 'json'))).toEqual({ document: DOCUMENT });
  });

  it('names the line of a syntax error, and an empty text', () => {
    expect(parseContractText('id: orders\nversion: [1.0\nkind: x\n')).toEqual({ problem: { path: '/', message: 'Flow sequence in block collection must be sufficiently indented and end with a ]', line: 3 } });
    expect(parseContractText('id: a\nid: b\n')).toEqual({ problem: { path: '/', message: expect.stringMatching(/unique/), line: 2 } });
    expect(parseContractText(' \n')).toEqual({ problem: { path: '/', message: 'The contract is empty', line: 1 } });
  });

  it('finds the line of a JSON pointer in YAML and JSON, or of its nearest existing parent', () => {
    expect(pointerSegments('/schema/0/properties/1/a~1b~0')).toEqual(['schema', '0', 'properties', '1', 'a/b~']);
    expect(pointerSegments('/')).toEqual([]);
    const yaml = contractText(DOCUMENT, 'yaml');
    // Line 10 is "        logicalType: strin"; line 9 the item "- name: a/b".
    expect(yaml.split('\n')[9]).toBe('        logicalType: strin');
    expect(lineOfPointer(yaml, '/schema/0/properties/1/logicalType')).toBe(10);
    expect(lineOfPointer(yaml, '/schema/0/properties/1/required')).toBe(9);
    expect(lineOfPointer(yaml, '/status')).toBe(1);
    expect(lineOfPointer(yaml, '/version')).toBe(4);
    const json = contractText(DOCUMENT, 'json');
    expect(json.split('\n')[14]).toBe('          "logicalType": "strin"');
    expect(lineOfPointer(json, '/schema/0/properties/1/logicalType')).toBe(15);
  });

  it('sorts the problems by the line they point at', () => {
    const yaml = contractText(DOCUMENT, 'yaml');
    expect(locateProblems(yaml, [{ path: '/schema/0/properties/1/logicalType', message: 'must be one of …' }, { path: '/status', message: 'is required' }, { path: '/', message: 'bad', line: 3 }])).toEqual([
      { path: '/status', message: 'is required', line: 1 },
      { path: '/', message: 'bad', line: 3 },
      { path: '/schema/0/properties/1/logicalType', message: 'must be one of …', line: 10 },
    ]);
  });

  it('proposes the next minor version after the newest, and keeps everything else of the document', () => {
    expect(nextVersion(['1.0.0', '1.10.2', '1.9.0'])).toBe('1.11.0');
    expect(nextVersion(['2.0.0', '1.5.0'])).toBe('2.1.0');
    expect(nextVersion([])).toBe('1.0.0');
    expect(nextVersion(['draft'])).toBe('draft-next');
    expect(asNewVersion(DOCUMENT, '1.1.0')).toEqual({ ...DOCUMENT, version: '1.1.0' });
    expect(asNewVersion([1], '1.1.0')).toEqual([1]);
  });
});
