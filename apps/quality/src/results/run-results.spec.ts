import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DATA_QUALITY_ASSERTIONS_FACET_SCHEMA_URL, DATA_QUALITY_METRICS_FACET_SCHEMA_URL, type ProtectedRecordEnvelope } from '@atlas/contracts';
import { recordEnvelope, testRecordId, TEST_RUN_ID } from '@atlas/testing/unit-fixtures';
import { checkerFor, compileContract } from '../contracts/contract-compilation';
import { parseOdcsYaml } from '../contracts/odcs-document';
import { judgeRecord } from '../validation/record-judgement';
import { qualityFacetsOf } from './quality-facets';
import { accumulateResults, duplicateKeyOf, MAX_SAMPLE_FAILING_RECORDS } from './run-results';
import type { OdcsDocument } from '../contracts/odcs-document';

const PEOPLE = checkerFor(compileContract(parseOdcsYaml(readFileSync(resolve(__dirname, '../../../../deploy/contracts/people.odcs.yaml'), 'utf8'), 'people.odcs.yaml')), 'people')!;

function person(index: number, payload: Record<string, unknown>, findings: ProtectedRecordEnvelope['protection']['findings'] = [], sourceId = 'people'): ProtectedRecordEnvelope {
  return { ...recordEnvelope(index, payload, { sourceId, total: 40 }), protection: { policyId: 'default', policyVersion: 1, findings } };
}

const judge = (record: ProtectedRecordEnvelope) => judgeRecord(record.sourceId === 'people' ? PEOPLE : undefined, record);

describe('accumulateResults', () => {
  it('counts judged and quarantined records per run and version, and per check rows tested, failed and not evaluated', () => {
    const records = [
      person(0, { id: 1, name: 'Jane', email: 'jane@example.org' }),
      person(1, { id: 2, name: '', email: null }),
      person(2, { id: 3, name: 'Li', email: '<EMAIL_ADDRESS>' }, [{ field: 'email', entityType: 'EMAIL_ADDRESS', start: 0, end: 12, score: 1, operator: 'replace' }]),
    ];
    const { runs, checks } = accumulateResults(records.map(judge));
    expect(runs).toEqual([{ runId: TEST_RUN_ID, sourceId: 'people', contractId: PEOPLE.contractId, contractVersion: '1.0.0', expectedRecords: 40, recordsJudged: 3, recordsQuarantined: 1 }]);
    expect(checks.map((check) => check.checkId)).toEqual(PEOPLE.definitions.map((definition) => definition.id));
    const byId = new Map(checks.map((check) => [check.checkId, check]));
    expect(byId.get('people.name.not_null')).toMatchObject({ checkName: 'name is required', checkType: 'not_null', field: 'name', level: 'fail', dimension: 'completeness', rowsTested: 3, rowsFailed: 1, rowsNotEvaluated: 0, sampleFailingRecordIds: [testRecordId(1)] });
    // email: absent value on record 1 (not evaluated), protected on record 2 (not evaluated), a string on record 0.
    expect(byId.get('people.email.logical_type')).toMatchObject({ dimension: 'validity', rowsTested: 1, rowsFailed: 0, rowsNotEvaluated: 2, sampleFailingRecordIds: [] });
  });

  it('keeps at most ten failing record ids per check', () => {
    const records = Array.from({ length: 12 }, (_, index) => person(index, { id: index, name: '', email: 'x' }));
    const nameRequired = accumulateResults(records.map(judge)).checks.find((check) => check.checkId === 'people.name.not_null')!;
    expect(nameRequired.rowsFailed).toBe(12);
    expect(nameRequired.sampleFailingRecordIds).toEqual(records.slice(0, MAX_SAMPLE_FAILING_RECORDS).map((record) => record.recordId));
  });

  it('counts records of a source without contract under contract none, with no checks', () => {
    expect(accumulateResults([judge(person(0, { a: 1 }, [], 'orphans'))])).toEqual({
      runs: [{ runId: TEST_RUN_ID, sourceId: 'orphans', contractId: 'none', contractVersion: '0', expectedRecords: 40, recordsJudged: 1, recordsQuarantined: 1 }],
      checks: [],
      duplicateCandidates: [],
    });
  });
});

describe('duplicateKeyOf', () => {
  it('hashes the values of the key columns, 128 bits, the same for the same values', () => {
    const key = duplicateKeyOf({ order: { id: 7 }, line: 1 }, [['order', 'id'], ['line']], undefined);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(duplicateKeyOf({ line: 1, order: { id: 7 }, other: 'x' }, [['order', 'id'], ['line']], undefined)).toBe(key);
    expect(duplicateKeyOf({ order: { id: '7' }, line: 1 }, [['order', 'id'], ['line']], undefined)).not.toBe(key);
  });

  it('has no key when a column is missing, null or protected by pii-detection', () => {
    expect(duplicateKeyOf({ line: 1 }, [['order'], ['line']], undefined)).toBeUndefined();
    expect(duplicateKeyOf({ order: null, line: 1 }, [['order'], ['line']], undefined)).toBeUndefined();
    expect(duplicateKeyOf({ email: '<EMAIL_ADDRESS>' }, [['email']], new Set(['email']))).toBeUndefined();
  });
});

describe('run checks in accumulateResults', () => {
  const document = {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: 'orders-contract',
    version: '1.0.0',
    status: 'active',
    schema: [{ name: 'orders', properties: [{ name: 'order_id', unique: true }], quality: [{ metric: 'rowCount', mustBeGreaterThan: 2 }] }],
  } as OdcsDocument;
  const orders = checkerFor(compileContract(document), 'orders')!;

  it('gives the row count and each duplicates check a row with its threshold, and a key candidate per record with a key', () => {
    const records = [{ order_id: 1 }, { order_id: 1 }, {}].map((payload, index) => person(index, payload, [], 'orders'));
    const { checks, duplicateCandidates } = accumulateResults(records.map((record) => judgeRecord(orders, record)));
    expect(checks.map((check) => [check.checkId, check.checkType, check.rowsTested, check.rowsNotEvaluated, check.threshold, check.unit])).toEqual([
      ['orders.order_id.unique', 'duplicates', 2, 1, { mustBe: 0 }, 'rows'],
      ['orders.rowCount', 'row_count', 3, 0, { mustBeGreaterThan: 2 }, 'rows'],
    ]);
    expect(duplicateCandidates.map((candidate) => [candidate.check.checkId, candidate.recordId])).toEqual([
      ['orders.order_id.unique', records[0].recordId],
      ['orders.order_id.unique', records[1].recordId],
    ]);
    expect(duplicateCandidates[0].keyHash).toBe(duplicateCandidates[1].keyHash);
  });
});

describe('qualityFacetsOf', () => {
  it('asserts each check that judged a record of the run, with null counts from the not-null checks', () => {
    const deltas = accumulateResults([person(0, { id: 1, name: 'Jane', email: 'j@example.org' }), person(1, { id: 2, name: '', email: 'x' })].map(judge));
    const facets = qualityFacetsOf(deltas, TEST_RUN_ID, 'urn:atlas:quality') as Record<string, { assertions?: unknown[]; columnMetrics?: unknown; rowCount?: number; _schemaURL: string }>;
    expect(facets.dataQualityAssertions._schemaURL).toBe(DATA_QUALITY_ASSERTIONS_FACET_SCHEMA_URL);
    expect(facets.dataQualityAssertions.assertions).toEqual([
      { assertion: 'people.id.not_null', success: true, column: 'id' },
      { assertion: 'people.id.logical_type', success: true, column: 'id' },
      { assertion: 'people.name.not_null', success: false, column: 'name' },
      { assertion: 'people.name.logical_type', success: true, column: 'name' },
      { assertion: 'people.email.not_null', success: true, column: 'email' },
      { assertion: 'people.email.logical_type', success: true, column: 'email' },
    ]);
    expect(facets.dataQualityMetrics).toEqual({ _producer: 'urn:atlas:quality', _schemaURL: DATA_QUALITY_METRICS_FACET_SCHEMA_URL, rowCount: 2, columnMetrics: { id: { nullCount: 0 }, name: { nullCount: 1 }, email: { nullCount: 0 } } });
    expect(qualityFacetsOf(deltas, '00000000-0000-4000-8000-000000000000', 'urn:atlas:quality')).toBeUndefined();
  });
});
