import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileContract } from './contract-compilation';
import { parseOdcsYaml } from './odcs-document';

const EXAMPLES = resolve(__dirname, '../../../../../shared/specs/odcs/examples');
// The example's invalidValues rule tolerates 5 % of bad values: an aggregate over each run.
const VALIDITY_AGGREGATE = [
  'Air_Quality.air_quality_status.invalidValues',
  'aggregate',
  'fail',
  { metric: 'invalid_percent', window: { kind: 'run' }, thresholds: { fail: { mustBeLessOrEqualTo: 5 } }, missingValues: [], validity: [{ type: 'allowed_values', parameters: { values: ['', null, 'n/a'] } }] },
];
const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.odcs.yaml')).sort();

/** JSON pointers of every element that constrains data: each must become a check or a not-evaluated entry. */
function constraintPointers(value: unknown, pointer = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => constraintPointers(item, `${pointer}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const childPointer = `${pointer}/${key}`;
    // A schema object's own logicalType (object) always holds: every record payload is an object.
    const insideSchema = /^\/schema\/\d+\/properties\//.test(childPointer);
    if (insideSchema && ['required', 'logicalType', 'items'].includes(key) && !/logicalTypeOptions$/.test(pointer)) found.push(childPointer);
    if (insideSchema && (key === 'unique' || key === 'primaryKey') && child === true) found.push(childPointer);
    if (insideSchema && key === 'logicalTypeOptions') for (const option of Object.keys(child as object)) if (option !== 'defaultTimezone' && !(option === 'uniqueItems' && (child as Record<string, unknown>)[option] !== true)) found.push(`${childPointer}/${option}`);
    if (/^\/schema\/\d+/.test(pointer) && (key === 'quality' || key === 'relationships')) (child as unknown[]).forEach((_rule, index) => found.push(`${childPointer}/${index}`));
    if (pointer === '' && key === 'slaProperties') (child as unknown[]).forEach((_sla, index) => found.push(`${childPointer}/${index}`));
    // Array items are reported as one element (`items`), so their contents are not looked into.
    if (key !== 'logicalTypeOptions' && key !== 'quality' && key !== 'items') found.push(...constraintPointers(child, childPointer));
  }
  return found;
}

describe('the official ODCS v3.1 examples', () => {
  it('are all there', () => {
    expect(files.length).toBe(18);
  });

  it.each(files)('%s loads, compiles, and accounts for every constraint as a check or as not evaluated', (file) => {
    const document = parseOdcsYaml(readFileSync(join(EXAMPLES, file), 'utf8'), file);
    const contract = compileContract(document);
    expect(contract.contractId).toBe(document.id);
    expect(contract.contractVersion).toBe(document.version);
    expect(contract.sources.map((source) => source.sourceId)).toEqual((document.schema ?? []).map((schemaObject) => schemaObject.name));
    const accounted = new Set([
      ...contract.sources.flatMap((source) => [...source.checks, ...source.runChecks, ...source.windowChecks].map((check) => check.origin)),
      ...contract.notEvaluated.map((element) => element.path),
    ]);
    // One primary key check covers every top-level `primaryKey` of its schema object.
    contract.sources.forEach((source, index) => {
      if (!source.runChecks.some((check) => check.id === `${source.sourceId}.primary_key`)) return;
      (document.schema?.[index].properties ?? []).forEach((property, propertyIndex) => {
        if (property.primaryKey === true) accounted.add(`/schema/${index}/properties/${propertyIndex}/primaryKey`);
      });
    });
    const temporalFormats = new Set(contract.sources.flatMap((source) => source.checks.filter((check) => check.type === 'logical_type' && check.parameters.format !== undefined).map((check) => check.origin.replace(/logicalType$/, 'logicalTypeOptions/format'))));
    const missing = constraintPointers(document).filter((pointer) => !accounted.has(pointer) && !temporalFormats.has(pointer) && !pointer.endsWith('/required'));
    expect(missing).toEqual([]);
    // `required: false` is no constraint; `required: true` always becomes a not_null check.
    const requiredTrue = constraintPointers(document).filter((pointer) => pointer.endsWith('/required') && !pointer.includes('logicalTypeOptions'));
    for (const pointer of requiredTrue) {
      const value = pointer.split('/').slice(1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);
      if (value === true) expect(accounted.has(pointer)).toBe(true);
    }
    for (const check of contract.sources.flatMap((source) => source.checks)) expect(check.id).toMatch(/\S/);
  });

  it('reports the data-types example exactly: each option a check, none silently dropped', () => {
    const document = parseOdcsYaml(readFileSync(join(EXAMPLES, 'data-types--all-data-types.odcs.yaml'), 'utf8'), 'x');
    const [source] = compileContract(document).sources;
    expect(source.checks.map((check) => `${check.id} ${JSON.stringify(check.parameters)}`)).toEqual([
      'transactions_tbl.account_id.logical_type {"logicalType":"string"}',
      'transactions_tbl.account_id.min_length {"limit":11}',
      'transactions_tbl.account_id.max_length {"limit":11}',
      'transactions_tbl.account_id.pattern {"pattern":"ACC[0-9]{8}"}',
      'transactions_tbl.txn_ref_date.logical_type {"logicalType":"date","format":"yyyy-MM-dd"}',
      'transactions_tbl.txn_ref_date.exclusive_minimum {"limit":"2020-01-01","logicalType":"date","format":"yyyy-MM-dd"}',
      'transactions_tbl.txn_ref_date.maximum {"limit":"2021-01-01","logicalType":"date","format":"yyyy-MM-dd"}',
      'transactions_tbl.txn_timestamp.logical_type {"logicalType":"timestamp","format":"yyyy-MM-dd HH:mm:ss"}',
      'transactions_tbl.txn_timestamp.minimum {"limit":"2020-01-01 00:00:00","logicalType":"timestamp","format":"yyyy-MM-dd HH:mm:ss"}',
      'transactions_tbl.txn_timestamp.maximum {"limit":"2021-01-01 00:00:00","logicalType":"timestamp","format":"yyyy-MM-dd HH:mm:ss"}',
      'transactions_tbl.txn_timestamp_tz.logical_type {"logicalType":"timestamp","format":"yyyy-MM-dd HH:mm:ssZ"}',
      'transactions_tbl.txn_timestamp_tz.timezone {"required":true}',
      'transactions_tbl.txn_time.logical_type {"logicalType":"time","format":"HH:mm:ss"}',
      'transactions_tbl.txn_time.minimum {"limit":"00:00:00","logicalType":"time","format":"HH:mm:ss"}',
      'transactions_tbl.txn_time.maximum {"limit":"23:59:59","logicalType":"time","format":"HH:mm:ss"}',
      'transactions_tbl.txn_time.timezone {"required":false}',
      'transactions_tbl.amount.logical_type {"logicalType":"number"}',
      'transactions_tbl.amount.minimum {"limit":0}',
      'transactions_tbl.amount.number_format {"format":"f32"}',
      'transactions_tbl.age.logical_type {"logicalType":"integer"}',
      'transactions_tbl.age.minimum {"limit":18}',
      'transactions_tbl.age.exclusive_maximum {"limit":100}',
      'transactions_tbl.age.number_format {"format":"i64"}',
      'transactions_tbl.is_open.logical_type {"logicalType":"boolean"}',
      'transactions_tbl.latest_txns.logical_type {"logicalType":"array"}',
      'transactions_tbl.latest_txns.min_items {"limit":0}',
      'transactions_tbl.latest_txns.max_items {"limit":3}',
      'transactions_tbl.latest_txns.unique_items {}',
      'transactions_tbl.customer_details.logical_type {"logicalType":"object"}',
      'transactions_tbl.customer_details.required_keys {"keys":["num_children","date_of_birth"]}',
      'transactions_tbl.customer_details.max_properties {"limit":5}',
    ]);
    expect(compileContract(document).notEvaluated).toEqual([
      {
        path: '/schema/0/properties/3/logicalTypeOptions/minimum',
        element: 'logicalTypeOptions.minimum',
        reason: 'values without an offset would be read in Australia/Sydney; Atlas reads them only as UTC',
      },
      {
        path: '/schema/0/properties/3/logicalTypeOptions/maximum',
        element: 'logicalTypeOptions.maximum',
        reason: 'values without an offset would be read in Australia/Sydney; Atlas reads them only as UTC',
      },
    ]);
  });

  it('reports the quality examples it cannot run per record, with the reason', () => {
    const reasons = (file: string) => compileContract(parseOdcsYaml(readFileSync(join(EXAMPLES, file), 'utf8'), file)).notEvaluated.map((element) => `${element.path} ${element.element}: ${element.reason}`);
    const notASource = '/schema/0/name schema: "Air_Quality" is not an Atlas source id (^[a-z0-9][a-z0-9_-]{0,62}$); no record will be checked by it';
    expect(reasons('quality--column-accuracy.odcs.yaml')).toEqual([notASource, '/schema/0/properties/0/quality/0 quality.sql: a SQL rule queries a table; Atlas checks records in a stream']);
    expect(reasons('quality--column-custom.odcs.yaml')).toEqual([
      notASource,
      '/schema/0/properties/0/quality/0 quality.custom(soda): rules for another engine (soda) are not run by Atlas',
      '/schema/0/properties/0/quality/1 quality.custom(soda): rules for another engine (soda) are not run by Atlas',
    ]);
    expect(reasons('quality--column-validity.odcs.yaml')).toEqual([notASource]);
    const validity = compileContract(parseOdcsYaml(readFileSync(join(EXAMPLES, 'quality--column-validity.odcs.yaml'), 'utf8'), 'v'));
    expect(validity.sources[0].windowChecks.map((check) => [check.id, check.type, check.level, check.parameters])).toEqual([VALIDITY_AGGREGATE]);
    const completeness = compileContract(parseOdcsYaml(readFileSync(join(EXAMPLES, 'quality--column-completeness.odcs.yaml'), 'utf8'), 'c'));
    expect(completeness.sources[0].checks.map((check) => [check.id, check.name, check.type, check.level, check.parameters])).toEqual([
      ['Air_Quality.UniqueID.logical_type', 'UniqueID is a number', 'logical_type', 'fail', { logicalType: 'number' }],
      ['Air_Quality.UniqueID.nullValues', 'UniqueID has no null values', 'not_null', 'fail', { missingValues: [] }],
    ]);
  });
});
