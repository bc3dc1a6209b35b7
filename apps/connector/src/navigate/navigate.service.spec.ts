import 'reflect-metadata';
import { Context, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import { ChartRecordEnvelope, LINEAGE_JOBS, PiiFinding, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { recordBatchOf, recordEnvelope, resetResolving, stageCollaborators, TEST_RUN_ID as RUN_ID } from '@atlas/testing/unit-fixtures';
import { NavigateRecordEntity } from './navigate-record.entity';
import { NavigateRecordRepository } from './navigate-record.repository';
import { NAVIGATE_STAGE, NavigateService } from './navigate.service';
import { navigateTypedConflictsTotal } from './typed/typed-navigate.metrics';
import { TypedNavigateWriter, type TypedWriteOutcome } from './typed/typed-navigate.writer';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function tracedContext(): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });
}

function chartRecord(index: number, payload: Record<string, unknown>, findings: PiiFinding[] = []): ChartRecordEnvelope {
  return {
    ...recordEnvelope(index, payload, { total: 2 }),
    protection: { policyId: 'people-policy', policyVersion: 3, findings },
    quality: { contractId: 'people-contract', contractVersion: '1.0.0', valid: true },
  };
}

function batchOf(entries: Array<{ record: ChartRecordEnvelope; traceContext: Context }>): RecordBatch<ChartRecordEnvelope> {
  return recordBatchOf(
    TOPICS.CHART_RECORDS,
    entries.map(({ record }) => record),
    { traceContextOf: (_record, index) => entries[index].traceContext },
  );
}

describe('NavigateService', () => {
  let service: NavigateService;
  const insertIgnoringDuplicates = jest.fn<Promise<void>, [Omit<NavigateRecordEntity, 'writtenAt'>[], unknown?]>();
  const transactionManager = { name: 'the transaction' };
  const inTransaction = jest.fn(async (work: (manager: unknown) => Promise<unknown>) => work(transactionManager));
  const writeTyped = jest.fn<Promise<TypedWriteOutcome>, [unknown, ChartRecordEnvelope[]]>();
  const { recordHandled, registerStage, providers: stageProviders } = stageCollaborators();
  const emailFinding: PiiFinding = { field: 'email', entityType: 'EMAIL_ADDRESS', start: 0, end: 16, score: 1, operator: 'replace' };

  beforeEach(async () => {
    resetResolving(insertIgnoringDuplicates, recordHandled);
    writeTyped.mockReset().mockResolvedValue({ rows: 0, conflictsBySource: new Map() });
    inTransaction.mockClear();
    const moduleRef = await Test.createTestingModule({
      providers: [
        NavigateService,
        { provide: NavigateRecordRepository, useValue: { insertIgnoringDuplicates, inTransaction } },
        { provide: TypedNavigateWriter, useValue: { write: writeTyped } },
        ...stageProviders,
      ],
    }).compile();
    service = moduleRef.get(NavigateService);
  });

  it("registers its stage, so that records its consumer dead-letters count for the stage's runs", () => {
    expect(registerStage).toHaveBeenLastCalledWith(NAVIGATE_STAGE);
  });

  it('maps each chart record to a Navigate row with policy, contract and trace id', async () => {
    const record = chartRecord(0, { id: 1, email: '<EMAIL_ADDRESS>' }, [emailFinding]);
    await service.writeBatch(batchOf([{ record, traceContext: tracedContext() }]));
    expect(insertIgnoringDuplicates).toHaveBeenCalledWith([
      {
        recordId: record.recordId,
        sourceId: 'people',
        runId: RUN_ID,
        positionIndex: 0,
        payload: { id: 1, email: '<EMAIL_ADDRESS>' },
        policyId: 'people-policy',
        policyVersion: 3,
        contractId: 'people-contract',
        contractVersion: '1.0.0',
        traceId: TRACE_ID,
        sourceLocation: null,
      },
    ], transactionManager);
  });

  it('writes the typed tables in the same transaction as the jsonb rows, and counts their conflicts by source', async () => {
    navigateTypedConflictsTotal.reset();
    writeTyped.mockResolvedValueOnce({ rows: 1, conflictsBySource: new Map([['people', 1]]) });
    const entries = [0, 1].map((index) => ({ record: chartRecord(index, { id: index }), traceContext: ROOT_CONTEXT }));
    const batch = batchOf(entries);
    await service.writeBatch(batch);
    expect(inTransaction).toHaveBeenCalledTimes(1);
    expect(writeTyped).toHaveBeenCalledWith(transactionManager, entries.map(({ record }) => record));
    batch.processed();
    expect((await navigateTypedConflictsTotal.get()).values).toEqual([{ labels: { source: 'people' }, value: 1 }]);
  });

  it('keeps where the record was read in its source, for its provenance', async () => {
    const record = { ...chartRecord(0, { id: 1 }), position: { index: 0, total: 2, location: 'file:people.csv:2' } };
    await service.writeBatch(batchOf([{ record, traceContext: ROOT_CONTEXT }]));
    expect(insertIgnoringDuplicates.mock.calls[0][0][0].sourceLocation).toBe('file:people.csv:2');
  });

  it('stores a null trace id for a record that arrived without trace context', async () => {
    await service.writeBatch(batchOf([{ record: chartRecord(1, { id: 2 }), traceContext: ROOT_CONTEXT }]));
    expect(insertIgnoringDuplicates.mock.calls[0][0][0].traceId).toBeNull();
  });

  it('writes every record of the batch in one insert', async () => {
    const entries = [0, 1].map((index) => ({ record: chartRecord(index, { id: index }), traceContext: ROOT_CONTEXT }));
    await service.writeBatch(batchOf(entries));
    expect(insertIgnoringDuplicates).toHaveBeenCalledTimes(1);
    expect(insertIgnoringDuplicates.mock.calls[0][0].map((row) => row.positionIndex)).toEqual([0, 1]);
  });

  it('counts each record for its run with the columns it holds protected', async () => {
    const entries = [
      { record: chartRecord(0, { id: 1, email: '<EMAIL_ADDRESS>' }, [emailFinding]), traceContext: ROOT_CONTEXT },
      { record: chartRecord(1, { id: 2, city: 'Lyon' }), traceContext: ROOT_CONTEXT },
    ];
    await service.writeBatch(batchOf(entries));
    const [stage, handled] = recordHandled.mock.calls[0];
    expect(stage).toBe(NAVIGATE_STAGE);
    expect(handled.map(({ runId, sourceId, index, outcome, maskedFields }) => ({ runId, sourceId, index, outcome, masked: Object.fromEntries(maskedFields ?? []) }))).toEqual([
      { runId: RUN_ID, sourceId: 'people', index: 0, outcome: 'passed', masked: { id: false, email: true } },
      { runId: RUN_ID, sourceId: 'people', index: 1, outcome: 'passed', masked: { id: false, city: false } },
    ]);
    expect(handled.map((record) => record.maskingPolicy)).toEqual([
      { policyId: 'people-policy', policyVersion: 3 },
      { policyId: 'people-policy', policyVersion: 3 },
    ]);
  });

  it('is the connector.navigate job: Chart in, the Navigate table out, column lineage from Chart', () => {
    expect(NAVIGATE_STAGE).toEqual({
      jobName: LINEAGE_JOBS.CONNECTOR_NAVIGATE,
      inputTopic: TOPICS.CHART_RECORDS,
      inputs: [{ topic: TOPICS.CHART_RECORDS }],
      outputs: [{ table: 'connector.navigate_records' }],
      columnLineageInput: { topic: TOPICS.CHART_RECORDS },
    });
  });

  it('counts records in lineage only after the rows are written', async () => {
    insertIgnoringDuplicates.mockRejectedValueOnce(new Error('database unavailable'));
    await expect(service.writeBatch(batchOf([{ record: chartRecord(0, { id: 1 }), traceContext: ROOT_CONTEXT }]))).rejects.toThrow('database unavailable');
    expect(recordHandled).not.toHaveBeenCalled();
  });
});
