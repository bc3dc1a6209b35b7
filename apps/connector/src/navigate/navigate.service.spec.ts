import 'reflect-metadata';
import { Context, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import { ChartRecordEnvelope, LINEAGE_JOBS, PiiFinding, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { LINEAGE_DATASETS_PROVIDER, lineagePublisherProvider, publishStageRunMock, recordBatchOf, recordEnvelope, resetResolving, TEST_RUN_ID as RUN_ID } from '@atlas/testing/unit-fixtures';
import { NavigateRecordEntity } from './navigate-record.entity';
import { NavigateRecordRepository } from './navigate-record.repository';
import { NavigateService } from './navigate.service';

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
  const insertIgnoringDuplicates = jest.fn<Promise<void>, [Omit<NavigateRecordEntity, 'writtenAt'>[]]>();
  const publishStageRun = publishStageRunMock();
  const emailFinding: PiiFinding = { field: 'email', entityType: 'EMAIL_ADDRESS', start: 0, end: 16, score: 1, operator: 'replace' };

  beforeEach(async () => {
    resetResolving(insertIgnoringDuplicates, publishStageRun);
    const moduleRef = await Test.createTestingModule({
      providers: [
        NavigateService,
        { provide: NavigateRecordRepository, useValue: { insertIgnoringDuplicates } },
        lineagePublisherProvider({ publishStageRun }),
        LINEAGE_DATASETS_PROVIDER,
      ],
    }).compile();
    service = moduleRef.get(NavigateService);
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
      },
    ]);
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

  it('reports the stage run with column lineage that marks protected columns', async () => {
    const entries = [
      { record: chartRecord(0, { id: 1, email: '<EMAIL_ADDRESS>' }, [emailFinding]), traceContext: ROOT_CONTEXT },
      { record: chartRecord(1, { id: 2, city: 'Lyon' }), traceContext: ROOT_CONTEXT },
    ];
    await service.writeBatch(batchOf(entries));
    const [stageRun] = publishStageRun.mock.calls[0];
    expect(stageRun.jobName).toBe(LINEAGE_JOBS.CONNECTOR_NAVIGATE);
    expect(stageRun.records.map((reference) => reference.recordId)).toEqual(entries.map(({ record }) => record.recordId));
    expect(stageRun.inputs).toEqual([{ namespace: 'kafka://localhost:9092', name: TOPICS.CHART_RECORDS }]);
    expect(stageRun.outputs).toEqual([{ namespace: 'postgres://localhost:5432', name: 'atlas.connector.navigate_records' }]);
    expect(stageRun.columnLineage?.input).toEqual({ namespace: 'kafka://localhost:9092', name: TOPICS.CHART_RECORDS });
    expect(Object.fromEntries(stageRun.columnLineage?.maskedByField ?? [])).toEqual({ id: false, email: true, city: false });
  });

  it('reports lineage only after the rows are written', async () => {
    insertIgnoringDuplicates.mockRejectedValueOnce(new Error('database unavailable'));
    await expect(service.writeBatch(batchOf([{ record: chartRecord(0, { id: 1 }), traceContext: ROOT_CONTEXT }]))).rejects.toThrow('database unavailable');
    expect(publishStageRun).not.toHaveBeenCalled();
  });
});
