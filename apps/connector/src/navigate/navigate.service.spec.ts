import 'reflect-metadata';
import { Context, ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import { ChartRecordEnvelope, computeChecksum, LINEAGE_JOBS, PiiFinding, TOPICS } from '@atlas/contracts';
import { ConsumedMessage, LineageDatasets, LineagePublisher, RecordBatch, StageRun } from '@atlas/kafka';
import { NavigateRecordEntity } from './navigate-record.entity';
import { NavigateRecordRepository } from './navigate-record.repository';
import { NavigateService } from './navigate.service';

const RUN_ID = '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function tracedContext(): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });
}

function chartRecord(index: number, payload: Record<string, unknown>, findings: PiiFinding[] = []): ChartRecordEnvelope {
  return {
    recordId: `0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e${String(index).padStart(2, '0')}`,
    sourceId: 'people',
    runId: RUN_ID,
    position: { index, total: 2 },
    ingestedAt: '2026-01-15T10:00:00.000Z',
    checksum: computeChecksum(payload),
    payload,
    protection: { policyId: 'people-policy', policyVersion: 3, findings },
    quality: { contractId: 'people-contract', contractVersion: '1.0.0', valid: true },
  };
}

function batchOf(entries: Array<{ record: ChartRecordEnvelope; traceContext: Context }>): RecordBatch<ChartRecordEnvelope> {
  const messages: ConsumedMessage<ChartRecordEnvelope>[] = entries.map(({ record, traceContext }, index) => ({
    value: record,
    key: record.recordId,
    headers: {},
    partition: 0,
    offset: String(index),
    traceContext,
  }));
  return new RecordBatch(TOPICS.CHART_RECORDS, 0, messages, new Map());
}

describe('NavigateService', () => {
  let service: NavigateService;
  const insertIgnoringDuplicates = jest.fn<Promise<void>, [Omit<NavigateRecordEntity, 'writtenAt'>[]]>();
  const publishStageRun = jest.fn<Promise<void>, [StageRun]>();
  const emailFinding: PiiFinding = { field: 'email', entityType: 'EMAIL_ADDRESS', start: 0, end: 16, score: 1, operator: 'replace' };

  beforeEach(async () => {
    insertIgnoringDuplicates.mockReset().mockResolvedValue(undefined);
    publishStageRun.mockReset().mockResolvedValue(undefined);
    const moduleRef = await Test.createTestingModule({
      providers: [
        NavigateService,
        { provide: NavigateRecordRepository, useValue: { insertIgnoringDuplicates } },
        { provide: LineagePublisher, useValue: { publishStageRun } },
        {
          provide: LineageDatasets,
          useValue: {
            topic: (name: string) => ({ namespace: 'kafka://localhost:9092', name }),
            table: (name: string) => ({ namespace: 'postgres://localhost:5432', name: `atlas.${name}` }),
          },
        },
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
