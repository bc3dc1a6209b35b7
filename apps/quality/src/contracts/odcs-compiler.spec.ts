import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileContract } from './contract-compilation';
import { ContractDocumentError, parseOdcsYaml, type OdcsDocument } from './odcs-document';

const PEOPLE = parseOdcsYaml(readFileSync(resolve(__dirname, '../../../../deploy/contracts/people.odcs.yaml'), 'utf8'), 'people.odcs.yaml');

function contractWith(schema: unknown[], extra: Record<string, unknown> = {}): OdcsDocument {
  return { apiVersion: 'v3.1.0', kind: 'DataContract', id: 'orders-contract', version: '1.0.0', status: 'active', schema, ...extra } as OdcsDocument;
}

describe('compiling ODCS into the check model', () => {
  it('turns the people contract into required and type checks per field, in contract order', () => {
    const compiled = compileContract(PEOPLE);
    expect(compiled).toMatchObject({ contractId: '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10', contractVersion: '1.0.0', status: 'active', notEvaluated: [] });
    expect(compiled.sources[0].checks.map((check) => `${check.id} | ${check.name} | ${check.level} | ${check.origin}`)).toEqual([
      'people.id.not_null | id is required | fail | /schema/0/properties/0/required',
      'people.id.logical_type | id is an integer | fail | /schema/0/properties/0/logicalType',
      'people.name.not_null | name is required | fail | /schema/0/properties/1/required',
      'people.name.logical_type | name is a string | fail | /schema/0/properties/1/logicalType',
      'people.email.not_null | email is required | fail | /schema/0/properties/2/required',
      'people.email.logical_type | email is a string | fail | /schema/0/properties/2/logicalType',
      'people.city.logical_type | city is a string | fail | /schema/0/properties/3/logicalType',
      'people.notes.logical_type | notes is a string | fail | /schema/0/properties/4/logicalType',
    ]);
  });

  it('maps zero-tolerance quality rules to per-record checks with their ids, names and severity', () => {
    const compiled = compileContract(
      contractWith([
        {
          name: 'orders',
          properties: [
            {
              name: 'status',
              logicalType: 'string',
              quality: [
                { id: 'status-valid', name: 'Known status', metric: 'invalidValues', arguments: { validValues: ['new', 'shipped'] }, mustBe: 0 },
                { metric: 'missingValues', arguments: { missingValues: ['n/a'] }, mustBeLessOrEqualTo: 0, severity: 'warning' },
                { metric: 'invalidValues', arguments: { pattern: '^[a-z]+$' }, mustBeLessThan: 1, unit: 'rows' },
                { metric: 'nullValues', mustBeLessThan: 5, unit: 'percent' },
                { type: 'text', description: 'Should be up to date' },
              ],
            },
            { name: 'customer', logicalType: 'object', properties: [{ name: 'zip', logicalType: 'string', logicalTypeOptions: { pattern: '^[0-9]{4}$', format: 'password' } }] },
          ],
          quality: [{ metric: 'rowCount', mustBeGreaterThan: 0 }, { metric: 'duplicateValues', mustBe: 0, arguments: { properties: ['status'] } }],
        },
      ]),
    );
    expect(compiled.sources[0].checks.map((check) => [check.id, check.name, check.type, check.field.join('.'), check.level, check.parameters])).toEqual([
      ['orders.status.logical_type', 'status is a string', 'logical_type', 'status', 'fail', { logicalType: 'string' }],
      ['status-valid', 'Known status', 'allowed_values', 'status', 'fail', { values: ['new', 'shipped'] }],
      ['orders.status.missingValues', 'status has no missing values', 'not_null', 'status', 'warn', { missingValues: ['n/a'] }],
      ['orders.status.invalidValues', 'status matches ^[a-z]+$', 'pattern', 'status', 'fail', { pattern: '^[a-z]+$' }],
      ['orders.customer.logical_type', 'customer is an object', 'logical_type', 'customer', 'fail', { logicalType: 'object' }],
      ['orders.customer.zip.logical_type', 'customer.zip is a string', 'logical_type', 'customer.zip', 'fail', { logicalType: 'string' }],
      ['orders.customer.zip.pattern', 'customer.zip matches ^[0-9]{4}$', 'pattern', 'customer.zip', 'fail', { pattern: '^[0-9]{4}$' }],
    ]);
    expect(compiled.notEvaluated.map((element) => `${element.path} ${element.element}`)).toEqual([
      '/schema/0/properties/0/quality/4 quality.text',
      '/schema/0/properties/1/properties/0/logicalTypeOptions/format format',
    ]);
    expect(compiled.notEvaluated[1].reason).toMatch(/^format "password" is not one Atlas checks/);
    // A threshold that tolerates bad records is an aggregate over each run.
    expect(compiled.sources[0].windowChecks.map((check) => [check.id, check.name, check.type, check.level, check.parameters, check.dimension])).toEqual([
      [
        'orders.status.nullValues',
        'status nullValues per run',
        'aggregate',
        'fail',
        { metric: 'missing_percent', window: { kind: 'run' }, thresholds: { fail: { mustBeLessThan: 5 } }, missingValues: [], validity: [] },
        'completeness',
      ],
    ]);
    // rowCount and duplicateValues are run checks, with the contract's threshold.
    expect(compiled.sources[0].runChecks.map((check) => [check.id, check.name, check.type, check.level, check.parameters, check.origin])).toEqual([
      ['orders.rowCount', 'row count per run', 'row_count', 'fail', { threshold: { mustBeGreaterThan: 0 } }, '/schema/0/quality/0'],
      ['orders.duplicateValues', 'duplicate status per run', 'duplicates', 'fail', { columns: [['status']], threshold: { mustBe: 0 }, unit: 'rows' }, '/schema/0/quality/1'],
    ]);
  });

  it('compiles unique properties, the primary key and duplicateValues thresholds into duplicates run checks', () => {
    const compiled = compileContract(
      contractWith([
        {
          name: 'lines',
          properties: [
            { name: 'line', primaryKey: true, primaryKeyPosition: 2 },
            { name: 'order_id', primaryKey: true, primaryKeyPosition: 1 },
            { name: 'sku', unique: true, quality: [{ metric: 'duplicateValues', mustBeLessThan: 5, unit: 'percent', severity: 'warning', dimension: 'uniqueness' }] },
          ],
          quality: [{ metric: 'duplicateValues', mustBe: 0 }, { metric: 'rowCount', mustBe: 'many' }],
        },
      ]),
    );
    expect(compiled.sources[0].runChecks.map((check) => [check.id, check.type, check.level, check.parameters, check.dimension])).toEqual([
      ['lines.sku.unique', 'duplicates', 'fail', { columns: [['sku']], threshold: { mustBe: 0 }, unit: 'rows' }, undefined],
      ['lines.sku.duplicateValues', 'duplicates', 'warn', { columns: [['sku']], threshold: { mustBeLessThan: 5 }, unit: 'percent' }, 'uniqueness'],
      ['lines.primary_key', 'duplicates', 'fail', { columns: [['order_id'], ['line']], threshold: { mustBe: 0 }, unit: 'rows' }, undefined],
    ]);
    expect(compiled.sources[0].runChecks[2].name).toBe('primary key (order_id, line) is unique');
    expect(compiled.notEvaluated.map((element) => `${element.path} ${element.element}: ${element.reason}`)).toEqual([
      '/schema/0/quality/0 quality.duplicateValues: duplicateValues on a schema object needs arguments.properties (the columns)',
      '/schema/0/quality/1 quality.rowCount: it has no numeric threshold (mustBe, mustBeGreaterThan, mustBeBetween ...) to compare with',
    ]);
  });

  it('keeps check ids unique within a contract', () => {
    const compiled = compileContract(contractWith([{ name: 'orders', properties: [{ name: 'id', quality: [{ metric: 'nullValues', mustBe: 0 }, { metric: 'nullValues', mustBe: 0 }] }] }]));
    expect(compiled.sources[0].checks.map((check) => check.id)).toEqual(['orders.id.nullValues', 'orders.id.nullValues#2']);
  });

  it('reports relationships, items and SLAs as not evaluated', () => {
    const compiled = compileContract(
      contractWith(
        [
          {
            name: 'orders',
            properties: [
              { name: 'id', unique: true, primaryKey: true, relationships: [{ to: 'customers.id' }] },
              { name: 'lines', logicalType: 'array', items: { logicalType: 'string' } },
            ],
          },
        ],
        { slaProperties: [{ property: 'latency', value: 4, unit: 'd' }] },
      ),
    );
    expect(compiled.notEvaluated.map((element) => `${element.path} ${element.element}`)).toEqual([
      '/schema/0/properties/0/relationships/0 relationships',
      '/schema/0/properties/1/items items',
      '/slaProperties/0 slaProperties',
    ]);
  });

  it('refuses two schema objects with one name', () => {
    expect(() => compileContract(contractWith([{ name: 'orders' }, { name: 'orders' }]))).toThrow(ContractDocumentError);
  });

  it('gives each source the shape of its dataset for sinks: top-level properties, formats, and the primary key in key order', () => {
    const compiled = compileContract(
      contractWith([
        {
          name: 'orders',
          properties: [
            { name: 'line', logicalType: 'integer', primaryKey: true, primaryKeyPosition: 2 },
            { name: 'order_id', logicalType: 'string', primaryKey: true, primaryKeyPosition: 1, required: true },
            { name: 'placed', logicalType: 'date', logicalTypeOptions: { format: 'dd/MM/yyyy' } },
            { name: 'address', logicalType: 'object', properties: [{ name: 'city', logicalType: 'string' }] },
            { name: 'note' },
          ],
        },
      ]),
    );
    expect(compiled.sources[0].dataset).toEqual({
      columns: [
        { name: 'line', logicalType: 'integer' },
        { name: 'order_id', logicalType: 'string', required: true },
        { name: 'placed', logicalType: 'date', format: 'dd/MM/yyyy' },
        { name: 'address', logicalType: 'object' },
        { name: 'note' },
      ],
      primaryKey: ['order_id', 'line'],
    });
  });

  it('gives no dataset shape, and says so, when it is beyond what Chart records carry', () => {
    const compiled = compileContract(contractWith([{ name: 'orders', properties: [{ name: 'x'.repeat(257), logicalType: 'string' }] }]));
    expect(compiled.sources[0].dataset).toBeUndefined();
    expect(compiled.notEvaluated).toContainEqual({
      path: '/schema/0/properties',
      element: 'dataset',
      reason: "the dataset's shape is beyond what Chart records carry (/columns/0/name must NOT have more than 256 characters); its records reach no typed Navigate table",
    });
  });
});
