import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkRecord, DataContract, DataContractError, loadDataContracts, parseDataContracts } from './data-contract';

const PEOPLE_CONTRACT_PATH = resolve(__dirname, '../../../../deploy/contracts/people.odcs.yaml');

const ordersContract = `
apiVersion: v3.1.0
kind: DataContract
id: 1b2c3d4e-0000-4000-8000-000000000001
version: 2.1.0
status: active
schema:
  - name: orders
    properties:
      - name: order_id
        required: true
      - name: amount
        required: false
      - name: note
  - name: order_lines
    properties:
      - name: line_id
        required: true
`;

const peopleContract: DataContract = {
  contractId: 'people-contract',
  contractVersion: '1.0.0',
  sourceId: 'people',
  requiredFields: ['id', 'name', 'email'],
};

describe('parseDataContracts', () => {
  it('reads the people contract shipped in deploy/contracts', () => {
    const contracts = parseDataContracts(readFileSync(PEOPLE_CONTRACT_PATH, 'utf8'), 'people.odcs.yaml');
    expect(contracts).toEqual([
      { contractId: '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10', contractVersion: '1.0.0', sourceId: 'people', requiredFields: ['id', 'name', 'email'] },
    ]);
  });

  it('makes every schema object the contract of the source of that name, with only required: true fields', () => {
    expect(parseDataContracts(ordersContract, 'orders.odcs.yaml')).toEqual([
      { contractId: '1b2c3d4e-0000-4000-8000-000000000001', contractVersion: '2.1.0', sourceId: 'orders', requiredFields: ['order_id'] },
      { contractId: '1b2c3d4e-0000-4000-8000-000000000001', contractVersion: '2.1.0', sourceId: 'order_lines', requiredFields: ['line_id'] },
    ]);
  });

  it('yields no contract for a document without schema', () => {
    const document = 'apiVersion: v3.1.0\nkind: DataContract\nid: empty\nversion: 1.0.0\nstatus: draft\n';
    expect(parseDataContracts(document, 'empty.odcs.yaml')).toEqual([]);
  });

  it('refuses a document missing required ODCS fields, naming the file and the problem', () => {
    const document = 'apiVersion: v3.1.0\nkind: DataContract\nversion: 1.0.0\nstatus: active\n';
    const attempt = () => parseDataContracts(document, 'broken.odcs.yaml');
    expect(attempt).toThrow(DataContractError);
    expect(attempt).toThrow(/^broken\.odcs\.yaml is not a valid ODCS v3\.1 contract: .*'id'/);
  });

  it('refuses a document of another kind', () => {
    const document = readFileSync(PEOPLE_CONTRACT_PATH, 'utf8').replace('kind: DataContract', 'kind: Pipeline');
    expect(() => parseDataContracts(document, 'people.odcs.yaml')).toThrow(/^people\.odcs\.yaml is not a valid ODCS v3\.1 contract: \/kind/);
  });

  it('refuses YAML that is not an object', () => {
    expect(() => parseDataContracts('- just\n- a list\n', 'list.odcs.yaml')).toThrow(DataContractError);
  });
});

describe('loadDataContracts', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'atlas-contracts-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('loads every *.odcs.yaml file of the directory by source and ignores other files', () => {
    writeFileSync(join(directory, 'people.odcs.yaml'), readFileSync(PEOPLE_CONTRACT_PATH, 'utf8'));
    writeFileSync(join(directory, 'orders.odcs.yaml'), ordersContract);
    writeFileSync(join(directory, 'README.md'), '# not a contract');
    writeFileSync(join(directory, 'draft.yaml'), 'kind: nothing');
    const contracts = loadDataContracts(directory);
    expect([...contracts.keys()].sort()).toEqual(['order_lines', 'orders', 'people']);
    expect(contracts.get('orders')?.requiredFields).toEqual(['order_id']);
  });

  it('refuses two contracts for the same source, naming the file and the source', () => {
    writeFileSync(join(directory, 'a.odcs.yaml'), ordersContract);
    writeFileSync(join(directory, 'b.odcs.yaml'), ordersContract.replace('version: 2.1.0', 'version: 3.0.0'));
    expect(() => loadDataContracts(directory)).toThrow(new DataContractError('b.odcs.yaml: source "orders" already has a contract'));
  });

  it('names the invalid file among valid ones', () => {
    writeFileSync(join(directory, 'orders.odcs.yaml'), ordersContract);
    writeFileSync(join(directory, 'zz-broken.odcs.yaml'), 'kind: DataContract\n');
    expect(() => loadDataContracts(directory)).toThrow(/^zz-broken\.odcs\.yaml is not a valid ODCS/);
  });
});

describe('checkRecord', () => {
  it('accepts a record with every required field filled, including falsy values that are not empty', () => {
    expect(checkRecord(peopleContract, { id: 0, name: 'Jane', email: '<EMAIL_ADDRESS>', city: null })).toEqual([]);
    expect(checkRecord({ ...peopleContract, requiredFields: ['active'] }, { active: false })).toEqual([]);
  });

  it('reports a missing field', () => {
    expect(checkRecord(peopleContract, { id: 1, name: 'Jane' })).toEqual([{ rule: 'not_null', field: 'email', message: 'email is required but is missing' }]);
  });

  it('reports a null field', () => {
    expect(checkRecord(peopleContract, { id: 1, name: null, email: 'x' })).toEqual([{ rule: 'not_null', field: 'name', message: 'name is required but is null' }]);
  });

  it('reports an empty string', () => {
    expect(checkRecord(peopleContract, { id: 1, name: '', email: 'x' })).toEqual([{ rule: 'not_null', field: 'name', message: 'name is required but is ""' }]);
  });

  it('reports every violation of a record, in contract order', () => {
    expect(checkRecord(peopleContract, { name: '' }).map((violation) => violation.field)).toEqual(['id', 'name', 'email']);
  });

  it('accepts anything for a contract without required fields', () => {
    expect(checkRecord({ ...peopleContract, requiredFields: [] }, {})).toEqual([]);
  });
});
