import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { TOPICS } from '@atlas/contracts';
import { kafkaPublisherProvider, LINEAGE_DATASETS_PROVIDER, lineagePublisherProvider, publishMock, resetResolving } from '@atlas/testing/unit-fixtures';
import { IngestionRunPublisher } from './ingestion-run-publisher.service';
import { envelopeRecord } from './record-envelopes';

const RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';

describe('IngestionRunPublisher', () => {
  const publish = publishMock();
  const publishRootRun = jest.fn();
  let ingestion: IngestionRunPublisher;

  beforeEach(async () => {
    resetResolving(publish, publishRootRun);
    const moduleRef = await Test.createTestingModule({
      providers: [IngestionRunPublisher, kafkaPublisherProvider(publish), lineagePublisherProvider({ publishRootRun }), LINEAGE_DATASETS_PROVIDER],
    }).compile();
    ingestion = moduleRef.get(IngestionRunPublisher);
  });

  const records = [0, 1].map((index) => ({
    envelope: envelopeRecord({ sourceId: 'people', runId: RUN_ID, index, ingestedAt: '2026-01-15T10:00:00.000Z', payload: { index } }),
    traceContext: ROOT_CONTEXT,
  }));

  it("publishes the records to the ingest topic keyed by record id, on the partition of their run's chunk, then the root run of the source", async () => {
    await ingestion.publishRun(records, { sourceId: 'people', runId: RUN_ID, sourceRange: { first: 'file:p.csv:2', last: 'file:p.csv:3' } });
    // 0x7c8d9e01: the run id's last 32 bits; both records are in its first chunk.
    expect(publish).toHaveBeenCalledWith(
      TOPICS.INGEST_RECORDS,
      records.map(({ envelope, traceContext }) => ({ key: envelope.recordId, value: envelope, traceContext, partitionHint: 2_089_655_809 })),
    );
    expect(publishRootRun).toHaveBeenCalledWith({
      jobName: 'ingest.people',
      sourceId: 'people',
      recordTopic: TOPICS.INGEST_RECORDS,
      runId: RUN_ID,
      recordCount: 2,
      inputs: [],
      outputs: [{ namespace: 'kafka://atlas', name: `${TOPICS.INGEST_RECORDS}/people` }],
      traceContext: undefined,
      sourceRange: { first: 'file:p.csv:2', last: 'file:p.csv:3' },
    });
    expect(publish.mock.invocationCallOrder[0]).toBeLessThan(publishRootRun.mock.invocationCallOrder[0]);
  });

  it('keeps the partition a record was consumed from', async () => {
    await ingestion.publishRecords([{ ...records[1], partitionHint: 4 }]);
    expect(publish).toHaveBeenCalledWith(TOPICS.INGEST_RECORDS, [{ key: records[1].envelope.recordId, value: records[1].envelope, traceContext: ROOT_CONTEXT, partitionHint: 4 }]);
  });

  it('reports a run event of another type with its inputs', async () => {
    await ingestion.publishRunLineage({ sourceId: 'people', runId: RUN_ID, recordCount: 0, eventType: 'START', inputs: [{ namespace: 'atlas-source://connector', name: 'people' }] });
    expect(publishRootRun).toHaveBeenCalledWith(expect.objectContaining({ eventType: 'START', inputs: [{ namespace: 'atlas-source://connector', name: 'people' }], recordCount: 0 }));
  });

  it('passes the error of a failed run on', async () => {
    await ingestion.publishRunLineage({ sourceId: 'people', runId: RUN_ID, recordCount: 4, eventType: 'FAIL', errorMessage: 'the source could not be read (EACCES)' });
    expect(publishRootRun).toHaveBeenCalledWith(expect.objectContaining({ eventType: 'FAIL', recordCount: 4, errorMessage: 'the source could not be read (EACCES)' }));
  });

  it('does not report the run when publishing its records fails', async () => {
    publish.mockRejectedValueOnce(new Error('broker down'));
    await expect(ingestion.publishRun(records, { sourceId: 'people', runId: RUN_ID })).rejects.toThrow('broker down');
    expect(publishRootRun).not.toHaveBeenCalled();
  });
});
