import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { ChartRecordEnvelope, chartRecordEnvelopeValidator, LINEAGE_JOBS, ProtectedRecordEnvelope, TOPICS } from '@atlas/contracts';
import { OutgoingMessage, RecordBatch } from '@atlas/kafka';
import { recordBatchOf, recordEnvelope, resetResolving, stageCollaborators, TEST_RUN_ID as RUN_ID, TEST_TRACE_KEY as traceKey, traceContextOfRecord } from '@atlas/testing/unit-fixtures';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SourceContractChecker } from '../checks/record-checker';
import { ActiveContractRegistry } from '../contracts/active-contract.registry';
import { checkerFor, compileContract } from '../contracts/contract-compilation';
import { parseOdcsYaml } from '../contracts/odcs-document';
import type { NewQuarantinedRecord } from './quarantined-record.entity';
import { QualityEnvironment } from '../quality-environment';
import { ReferenceTablesService } from '../references/reference-tables.service';
import { ResultsRepository } from '../results/results.repository';
import { QuarantinedRecordRepository } from './quarantined-record.repository';
import type { RecordJudgement } from './record-judgement';
import { accumulateResults } from '../results/run-results';
import { ValidationService } from './validation.service';

const PEOPLE_CONTRACT = compileContract(parseOdcsYaml(readFileSync(resolve(__dirname, '../../../../deploy/contracts/people.odcs.yaml'), 'utf8'), 'people.odcs.yaml'));
const peopleContract = { contractId: PEOPLE_CONTRACT.contractId };

function protectedRecord(index: number, payload: Record<string, unknown>, sourceId = 'people', findings: ProtectedRecordEnvelope['protection']['findings'] = []): ProtectedRecordEnvelope {
  return { ...recordEnvelope(index, payload, { sourceId }), protection: { policyId: 'default', policyVersion: 1, findings } };
}

function batchOf(records: ProtectedRecordEnvelope[], partition = 0): RecordBatch<ProtectedRecordEnvelope> {
  return recordBatchOf(TOPICS.PROTECTED_RECORDS, records, { traceContextOf: traceContextOfRecord, partition });
}

describe('ValidationService', () => {
  let service: ValidationService;
  const { publish, recordHandled, recordExpected, registerStage, providers: stageProviders } = stageCollaborators();
  const runsOf = jest.fn();
  const checksOfRun = jest.fn();
  const insertIgnoringDuplicates = jest.fn<Promise<void>, [NewQuarantinedRecord[]]>();
  const addJudged = jest.fn<Promise<void>, [readonly RecordJudgement[], { fireAlerts: boolean }?]>();
  const contracts = new Map<string, SourceContractChecker>([['people', checkerFor(PEOPLE_CONTRACT, 'people')!]]);
  let loaded = true;
  const refresh = jest.fn(async () => {
    loaded = true;
  });

  beforeEach(async () => {
    resetResolving(publish, recordHandled, recordExpected, insertIgnoringDuplicates, addJudged);
    const moduleRef = await Test.createTestingModule({
      providers: [
        ValidationService,
        { provide: ActiveContractRegistry, useValue: { forSource: (sourceId: string) => contracts.get(sourceId), isLoaded: () => loaded, refresh } },
        { provide: QuarantinedRecordRepository, useValue: { insertIgnoringDuplicates } },
        { provide: ResultsRepository, useValue: { addJudged, runsOf, checksOfRun } },
        { provide: QualityEnvironment, useValue: new QualityEnvironment() },
        { provide: ReferenceTablesService, useValue: { prepare: async () => undefined } },
        ...stageProviders,
      ],
    }).compile();
    service = moduleRef.get(ValidationService);
  });

  function chartPublished(): OutgoingMessage[] {
    const call = publish.mock.calls.find(([topic]) => topic === TOPICS.CHART_RECORDS);
    if (!call) throw new Error('nothing was published to the chart topic');
    return [...call[1]];
  }

  function quarantinedRows(): NewQuarantinedRecord[] {
    expect(insertIgnoringDuplicates).toHaveBeenCalledTimes(1);
    return insertIgnoringDuplicates.mock.calls[0][0];
  }

  it('publishes a valid record to the chart topic with the quality verdict of its contract, to the partition it came from', async () => {
    const record = protectedRecord(0, { id: 1, name: 'Jane', email: '<EMAIL_ADDRESS>' });
    await service.validateBatch(batchOf([record], 4));

    const [message] = chartPublished();
    const chartRecord = message.value as ChartRecordEnvelope;
    expect(message.key).toBe(record.recordId);
    expect(message.partitionHint).toBe(4);
    // The verdict carries the dataset's shape in that version, for typed Navigate tables.
    const dataset = {
      columns: [
        { name: 'id', logicalType: 'integer', required: true },
        { name: 'name', logicalType: 'string', required: true },
        { name: 'email', logicalType: 'string', required: true },
        { name: 'city', logicalType: 'string' },
        { name: 'notes', logicalType: 'string' },
      ],
      primaryKey: [],
    };
    expect(chartRecord).toEqual({ ...record, quality: { contractId: peopleContract.contractId, contractVersion: '1.0.0', valid: true, dataset } });
    expect(chartRecordEnvelopeValidator.validate(chartRecord).valid).toBe(true);
    expect(message.traceContext?.getValue(traceKey)).toBe(record.recordId);
    expect(quarantinedRows()).toEqual([]);
  });

  it('quarantines a record that breaks its contract with every reason, and does not publish it', async () => {
    const record = protectedRecord(1, { id: 2, name: '', email: null });
    await service.validateBatch(batchOf([record]));

    expect(chartPublished()).toEqual([]);
    expect(quarantinedRows()).toEqual([
      {
        recordId: record.recordId,
        sourceId: 'people',
        runId: RUN_ID,
        positionIndex: 1,
        contractId: peopleContract.contractId,
        contractVersion: '1.0.0',
        reasons: [
          { checkId: 'people.name.not_null', checkName: 'name is required', rule: 'not_null', field: 'name', level: 'fail', outcome: 'fail', measuredValue: '', message: 'name is required but is ""' },
          { checkId: 'people.email.not_null', checkName: 'email is required', rule: 'not_null', field: 'email', level: 'fail', outcome: 'fail', measuredValue: null, message: 'email is required but is null' },
        ],
        notEvaluated: [
          { checkId: 'people.email.logical_type', checkName: 'email is a string', rule: 'logical_type', field: 'email', level: 'fail', outcome: 'not_evaluated', message: 'no value' },
          { checkId: 'people.city.logical_type', checkName: 'city is a string', rule: 'logical_type', field: 'city', level: 'fail', outcome: 'not_evaluated', message: 'no value' },
          { checkId: 'people.notes.logical_type', checkName: 'notes is a string', rule: 'logical_type', field: 'notes', level: 'fail', outcome: 'not_evaluated', message: 'no value' },
        ],
        payload: record.payload,
        envelope: { position: record.position, ingestedAt: record.ingestedAt, checksum: record.checksum, protection: record.protection },
      },
    ]);
  });

  it('holds a record of a source without an active contract, with the no_active_contract reason', async () => {
    const record = protectedRecord(2, { anything: 'goes' }, 'unknown-source');
    await service.validateBatch(batchOf([record]));

    expect(chartPublished()).toEqual([]);
    const [row] = quarantinedRows();
    expect(row).toMatchObject({ recordId: record.recordId, sourceId: 'unknown-source', contractId: 'none', contractVersion: '0', notEvaluated: [] });
    expect(row.reasons).toEqual([
      { rule: 'contract', code: 'no_active_contract', checkId: 'no_active_contract', message: 'no active data contract for source "unknown-source": held until one is activated' },
    ]);
  });

  it('judges protected values only where meaningful: a type check on a protected number is not evaluated, presence still is', async () => {
    // pii-detection turned the id into a string and redacted the name to "".
    const findings = [
      { field: 'id', entityType: 'US_SSN', start: 0, end: 9, score: 1, operator: 'replace' },
      { field: 'name', entityType: 'PERSON', start: 0, end: 4, score: 0.9, operator: 'redact' },
    ];
    const passing = protectedRecord(0, { id: '<US_SSN>', name: '', email: '<EMAIL_ADDRESS>', city: 'Lyon', notes: 'x' }, 'people', findings);
    const failing = protectedRecord(1, { id: '<US_SSN>', name: '', email: 7, city: 'Lyon', notes: 'x' }, 'people', findings);
    await service.validateBatch(batchOf([passing, failing]));
    expect(chartPublished().map((message) => message.key)).toEqual([passing.recordId]);
    const [row] = quarantinedRows();
    expect(row.reasons).toEqual([
      { checkId: 'people.email.logical_type', checkName: 'email is a string', rule: 'logical_type', field: 'email', level: 'fail', outcome: 'fail', measuredValue: 'integer', message: 'email must be a string but is an integer' },
    ]);
    expect(row.notEvaluated.map((result) => `${result.checkId}: ${result.message}`)).toEqual([
      'people.id.logical_type: value protected by pii-detection',
      'people.name.logical_type: value protected by pii-detection',
    ]);
  });

  it('loads the contracts before judging the first batch', async () => {
    loaded = false;
    await service.validateBatch(batchOf([protectedRecord(0, { id: 1, name: 'Jane', email: 'x' })]));
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(refresh.mock.invocationCallOrder[0]).toBeLessThan(insertIgnoringDuplicates.mock.invocationCallOrder[0]);
  });

  it('splits a mixed batch between chart and quarantine', async () => {
    const valid = protectedRecord(0, { id: 1, name: 'Jane', email: 'x' });
    const invalid = protectedRecord(1, { id: 2, name: 'John' });
    const orphan = protectedRecord(2, { id: 3 }, 'orders');
    await service.validateBatch(batchOf([valid, invalid, orphan]));

    expect(chartPublished().map((message) => message.key)).toEqual([valid.recordId]);
    expect(quarantinedRows().map((row) => row.recordId)).toEqual([invalid.recordId, orphan.recordId]);
  });

  it('quarantines before it publishes, then reports lineage for every record of the batch', async () => {
    const records = [protectedRecord(0, { id: 1, name: 'Jane', email: 'x' }), protectedRecord(1, {})];
    await service.validateBatch(batchOf(records));

    expect(insertIgnoringDuplicates.mock.invocationCallOrder[0]).toBeLessThan(addJudged.mock.invocationCallOrder[0]);
    expect(addJudged.mock.invocationCallOrder[0]).toBeLessThan(publish.mock.invocationCallOrder[0]);
    // No webhook is configured: no alert is fired.
    expect(addJudged.mock.calls[0][1]).toEqual({ fireAlerts: false });
    expect(addJudged.mock.calls[0][0].map((judgement) => [judgement.record.recordId, judgement.valid])).toEqual([
      [records[0].recordId, true],
      [records[1].recordId, false],
    ]);
    expect(publish.mock.invocationCallOrder[0]).toBeLessThan(recordHandled.mock.invocationCallOrder[0]);
    const [stage, handled] = recordHandled.mock.calls[0];
    expect(stage.jobName).toBe(LINEAGE_JOBS.QUALITY_VALIDATE);
    expect(stage.inputTopic).toBe(TOPICS.PROTECTED_RECORDS);
    expect(stage.inputs).toEqual([{ topic: TOPICS.PROTECTED_RECORDS }]);
    expect(stage.outputs).toEqual([{ topic: TOPICS.CHART_RECORDS }, { table: 'quality.quarantined_records', carries: 'quarantined' }]);
    expect(handled.map(({ runId, sourceId, index, outcome }) => ({ runId, sourceId, index, outcome }))).toEqual([
      { runId: RUN_ID, sourceId: 'people', index: 0, outcome: 'passed' },
      { runId: RUN_ID, sourceId: 'people', index: 1, outcome: 'quarantined' },
    ]);
    // The input of the run's event carries what quality asserted on its records, read from the stored results of the run.
    const stored = accumulateResults(addJudged.mock.calls[0][0]);
    runsOf.mockResolvedValue(stored.runs);
    checksOfRun.mockResolvedValue(stored.checks);
    const facets = (await stage.inputFacetsOf?.(RUN_ID, 'urn:atlas:quality')) as { dataQualityAssertions: { assertions: unknown[] }; dataQualityMetrics: { rowCount: number } };
    expect(runsOf).toHaveBeenCalledWith(RUN_ID);
    expect(checksOfRun).toHaveBeenCalledWith(RUN_ID);
    expect(facets.dataQualityMetrics.rowCount).toBe(2);
    expect(facets.dataQualityAssertions.assertions).toContainEqual({ assertion: 'people.name.not_null', success: false, column: 'name' });
    expect(facets.dataQualityAssertions.assertions).toContainEqual({ assertion: 'people.id.logical_type', success: true, column: 'id' });
  });

  it("registers its stage, the one that reads the protected topic, so that records its consumer dead-letters count for the stage's runs", async () => {
    expect(registerStage).toHaveBeenLastCalledWith(expect.objectContaining({ jobName: LINEAGE_JOBS.QUALITY_VALIDATE, inputTopic: TOPICS.PROTECTED_RECORDS }));
    const counts = [{ runId: RUN_ID, sourceId: 'people', topic: TOPICS.PROTECTED_RECORDS, recordCount: 2, writtenBy: LINEAGE_JOBS.PII_PROTECT }];
    await service.recordRunCounts(counts);
    // The same definition the stream counts with.
    expect(recordExpected.mock.calls[0][0]).toBe(registerStage.mock.lastCall?.[0]);
  });

  it('passes the announced run counts on to the stage', async () => {
    const counts = [{ runId: RUN_ID, sourceId: 'people', topic: TOPICS.PROTECTED_RECORDS, recordCount: 2, writtenBy: LINEAGE_JOBS.PII_PROTECT }];
    await service.recordRunCounts(counts);
    expect(recordExpected).toHaveBeenCalledWith(expect.objectContaining({ jobName: LINEAGE_JOBS.QUALITY_VALIDATE, inputTopic: TOPICS.PROTECTED_RECORDS }), counts);
  });

  it('does not publish when the quarantine write fails', async () => {
    insertIgnoringDuplicates.mockRejectedValueOnce(new Error('database unavailable'));
    await expect(service.validateBatch(batchOf([protectedRecord(0, {})]))).rejects.toThrow('database unavailable');
    expect(publish).not.toHaveBeenCalled();
    expect(recordHandled).not.toHaveBeenCalled();
  });
});
