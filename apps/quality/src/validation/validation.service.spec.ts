import 'reflect-metadata';
import { ROOT_CONTEXT, createContextKey } from '@opentelemetry/api';
import { Test } from '@nestjs/testing';
import { ChartRecordEnvelope, chartRecordEnvelopeValidator, computeChecksum, LINEAGE_JOBS, ProtectedRecordEnvelope, TOPICS } from '@atlas/contracts';
import { ConsumedMessage, KafkaPublisher, LineageDatasets, LineagePublisher, OutgoingMessage, RecordBatch, StageRun } from '@atlas/kafka';
import { DataContract } from './data-contract';
import { DataContractRegistry } from './data-contract.registry';
import { QuarantinedRecordEntity } from './quarantined-record.entity';
import { QuarantinedRecordRepository } from './quarantined-record.repository';
import { ValidationService } from './validation.service';

const RUN_ID = '3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607';
const traceKey = createContextKey('test-trace');

const peopleContract: DataContract = {
  contractId: '9d5f1c2e-3b7a-4f0e-8a61-6c2d9e4b7a10',
  contractVersion: '1.0.0',
  sourceId: 'people',
  requiredFields: ['id', 'name', 'email'],
};

function protectedRecord(index: number, payload: Record<string, unknown>, sourceId = 'people'): ProtectedRecordEnvelope {
  return {
    recordId: `0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e${String(index).padStart(2, '0')}`,
    sourceId,
    runId: RUN_ID,
    position: { index, total: 3 },
    ingestedAt: '2026-01-15T10:00:00.000Z',
    checksum: computeChecksum(payload),
    payload,
    protection: { policyId: 'default', policyVersion: 1, findings: [] },
  };
}

function batchOf(records: ProtectedRecordEnvelope[]): RecordBatch<ProtectedRecordEnvelope> {
  const messages: ConsumedMessage<ProtectedRecordEnvelope>[] = records.map((record, index) => ({
    value: record,
    key: record.recordId,
    headers: {},
    partition: 0,
    offset: String(index),
    traceContext: ROOT_CONTEXT.setValue(traceKey, record.recordId),
  }));
  return new RecordBatch(TOPICS.PROTECTED_RECORDS, 0, messages, new Map());
}

describe('ValidationService', () => {
  let service: ValidationService;
  const publish = jest.fn<Promise<void>, [string, readonly OutgoingMessage[]]>();
  const publishStageRun = jest.fn<Promise<void>, [StageRun]>();
  const insertIgnoringDuplicates = jest.fn<Promise<void>, [Omit<QuarantinedRecordEntity, 'quarantinedAt'>[]]>();
  const contracts = new Map([[peopleContract.sourceId, peopleContract]]);

  beforeEach(async () => {
    publish.mockReset().mockResolvedValue(undefined);
    publishStageRun.mockReset().mockResolvedValue(undefined);
    insertIgnoringDuplicates.mockReset().mockResolvedValue(undefined);
    const moduleRef = await Test.createTestingModule({
      providers: [
        ValidationService,
        { provide: DataContractRegistry, useValue: { forSource: (sourceId: string) => contracts.get(sourceId) } },
        { provide: QuarantinedRecordRepository, useValue: { insertIgnoringDuplicates } },
        { provide: KafkaPublisher, useValue: { publish } },
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
    service = moduleRef.get(ValidationService);
  });

  function chartPublished(): OutgoingMessage[] {
    const call = publish.mock.calls.find(([topic]) => topic === TOPICS.CHART_RECORDS);
    if (!call) throw new Error('nothing was published to the chart topic');
    return [...call[1]];
  }

  function quarantinedRows(): Omit<QuarantinedRecordEntity, 'quarantinedAt'>[] {
    expect(insertIgnoringDuplicates).toHaveBeenCalledTimes(1);
    return insertIgnoringDuplicates.mock.calls[0][0];
  }

  it('publishes a valid record to the chart topic with the quality verdict of its contract', async () => {
    const record = protectedRecord(0, { id: 1, name: 'Jane', email: '<EMAIL_ADDRESS>' });
    await service.validateBatch(batchOf([record]));

    const [message] = chartPublished();
    const chartRecord = message.value as ChartRecordEnvelope;
    expect(message.key).toBe(record.recordId);
    expect(chartRecord).toEqual({ ...record, quality: { contractId: peopleContract.contractId, contractVersion: '1.0.0', valid: true } });
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
          { rule: 'not_null', field: 'name', message: 'name is required but is ""' },
          { rule: 'not_null', field: 'email', message: 'email is required but is null' },
        ],
        payload: record.payload,
      },
    ]);
  });

  it('quarantines a record of a source without contract, with a contract reason', async () => {
    const record = protectedRecord(2, { anything: 'goes' }, 'unknown-source');
    await service.validateBatch(batchOf([record]));

    expect(chartPublished()).toEqual([]);
    const [row] = quarantinedRows();
    expect(row).toMatchObject({ recordId: record.recordId, sourceId: 'unknown-source', contractId: 'none', contractVersion: '0' });
    expect(row.reasons).toEqual([{ rule: 'contract', message: 'no data contract is registered for source "unknown-source"' }]);
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

    expect(insertIgnoringDuplicates.mock.invocationCallOrder[0]).toBeLessThan(publish.mock.invocationCallOrder[0]);
    expect(publish.mock.invocationCallOrder[0]).toBeLessThan(publishStageRun.mock.invocationCallOrder[0]);
    const [stageRun] = publishStageRun.mock.calls[0];
    expect(stageRun.jobName).toBe(LINEAGE_JOBS.QUALITY_VALIDATE);
    expect(stageRun.records.map((reference) => reference.recordId)).toEqual(records.map((record) => record.recordId));
    expect(stageRun.inputs).toEqual([{ namespace: 'kafka://localhost:9092', name: TOPICS.PROTECTED_RECORDS }]);
    expect(stageRun.outputs).toEqual([
      { namespace: 'kafka://localhost:9092', name: TOPICS.CHART_RECORDS },
      { namespace: 'postgres://localhost:5432', name: 'atlas.quality.quarantined_records' },
    ]);
  });

  it('does not publish when the quarantine write fails', async () => {
    insertIgnoringDuplicates.mockRejectedValueOnce(new Error('database unavailable'));
    await expect(service.validateBatch(batchOf([protectedRecord(0, {})]))).rejects.toThrow('database unavailable');
    expect(publish).not.toHaveBeenCalled();
    expect(publishStageRun).not.toHaveBeenCalled();
  });
});
