import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ContractDocumentError, odcsProblems, parseOdcsYaml } from './odcs-document';

const PEOPLE = readFileSync(resolve(__dirname, '../../../../deploy/contracts/people.odcs.yaml'), 'utf8');

describe('ODCS documents', () => {
  it('reads the shipped people contract', () => {
    expect(parseOdcsYaml(PEOPLE, 'people.odcs.yaml')).toMatchObject({ id: '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10', version: '1.0.0', kind: 'DataContract' });
  });

  it('names the JSON path of every problem', () => {
    const document = {
      apiVersion: 'v3.1.0',
      kind: 'DataContract',
      version: '1.0.0',
      status: 'active',
      schema: [{ name: 'orders', properties: [{ name: 'amount', logicalType: 'decimal', colour: 'red' }] }],
    };
    expect(odcsProblems(document)).toEqual([
      { path: '/id', message: 'is required' },
      { path: '/schema/0/properties/0/logicalType', message: 'must be one of string, date, timestamp, time, number, integer, object, array, boolean' },
      { path: '/schema/0/properties/0/colour', message: 'is not a property ODCS v3.1 allows here' },
    ]);
  });

  it('refuses ids and versions Atlas cannot put in a URL', () => {
    const document = { apiVersion: 'v3.1.0', kind: 'DataContract', id: 'my contract', version: '1.0 beta', status: 'draft' };
    expect(odcsProblems(document)).toEqual([
      { path: '/id', message: 'must be 1-128 letters, digits, ".", "_", ":" or "-" (Atlas uses it in URLs)' },
      { path: '/version', message: 'must be 1-64 letters, digits, ".", "_", "+" or "-"' },
    ]);
    expect(odcsProblems([1])).toEqual([{ path: '/', message: 'must be an ODCS document (an object)' }]);
  });

  it('names the file, and the path, of an invalid contract file', () => {
    const attempt = () => parseOdcsYaml(PEOPLE.replace('kind: DataContract', 'kind: Pipeline'), 'people.odcs.yaml');
    expect(attempt).toThrow(ContractDocumentError);
    expect(attempt).toThrow('people.odcs.yaml is not a valid ODCS v3.1 contract: /kind must be one of DataContract');
    expect(() => parseOdcsYaml('a: [1,', 'broken.odcs.yaml')).toThrow(/^broken\.odcs\.yaml is not valid YAML: /);
  });
});
