import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { computeChecksum, RawRecord, RecordEnvelope, recordEnvelopeValidator, TOPICS } from '@atlas/contracts';
import { derivedRunId, IngestionRunPublisher, recordIdAtLocation, recordIdOfKey } from '@atlas/ingestion';
import { kafkaPublisherProvider, LINEAGE_DATASETS_PROVIDER, lineagePublisherProvider, publishMock, recordBatchOf, resetResolving } from '@atlas/testing/unit-fixtures';
import { ConnectorEnvironment } from '../connector-environment';
import { RawRecordsService } from './raw-records.service';

const RAW = TOPICS.RAW_RECORDS;

describe('RawRecordsService', () => {
  let service: RawRecordsService;
  const publish = publishMock();
  const publishRootRun = jest.fn();

  beforeEach(async () => {
    resetResolving(publish, publishRootRun);
    const moduleRef = await Test.createTestingModule({
      providers: [
        RawRecordsService,
        IngestionRunPublisher,
        { provide: ConnectorEnvironment, useValue: Object.assign(new ConnectorEnvironment(), { KAFKA_MAX_MESSAGE_BYTES: 1_000_000 }) },
        kafkaPublisherProvider(publish),
        lineagePublisherProvider({ publishRootRun }),
        LINEAGE_DATASETS_PROVIDER,
      ],
    }).compile();
    service = moduleRef.get(RawRecordsService);
  });

  function batchOf(values: RawRecord[], headers: Array<Record<string, string>>) {
    return recordBatchOf<RawRecord>(RAW, values, { partition: 2, firstOffset: 40, keyOf: () => null, headersOf: (_value, index) => headers[index] });
  }

  function published(): RecordEnvelope[] {
    expect(publish.mock.calls.every(([topic]) => topic === TOPICS.INGEST_RECORDS)).toBe(true);
    return publish.mock.calls.flatMap(([, messages]) => messages.map((message) => message.value as RecordEnvelope));
  }

  it('wraps each raw record into a valid envelope carrying its topic/partition/offset, keyed by record id', async () => {
    await service.forwardBatch(batchOf([{ name: 'Ada' }, { name: 'Grace' }], [{ 'atlas-source-id': 'crm' }, { 'atlas-source-id': 'crm' }]));
    const envelopes = published();
    const runId = derivedRunId(`crm:kafka:${RAW}/2/40`);
    expect(envelopes.map((envelope) => recordEnvelopeValidator.validate(envelope).valid)).toEqual([true, true]);
    expect(envelopes).toEqual([
      expect.objectContaining({ sourceId: 'crm', runId, position: { index: 0, total: 2, location: `kafka:${RAW}/2/40` }, payload: { name: 'Ada' } }),
      expect.objectContaining({ sourceId: 'crm', runId, position: { index: 1, total: 2, location: `kafka:${RAW}/2/41` }, payload: { name: 'Grace' } }),
    ]);
    expect(envelopes[0].checksum).toBe(computeChecksum({ name: 'Ada' }));
    expect(envelopes[0].recordId).toBe(recordIdAtLocation('crm', `kafka:${RAW}/2/40`));
    expect(publish.mock.calls[0][1].map((message) => message.key)).toEqual(envelopes.map((envelope) => envelope.recordId));
  });

  it('derives the record id from the atlas-record-key header, so the same key is the same record', async () => {
    await service.forwardBatch(batchOf([{ v: 1 }, { v: 2 }], [{ 'atlas-source-id': 'crm', 'atlas-record-key': 'c-1' }, { 'atlas-source-id': 'crm', 'atlas-record-key': 'c-1' }]));
    expect(published().map((envelope) => envelope.recordId)).toEqual([recordIdOfKey('crm', 'c-1'), recordIdOfKey('crm', 'c-1')]);
  });

  it('forms one run per source of the batch and reports each as a root lineage run with its source range', async () => {
    const headers = [{ 'atlas-source-id': 'crm' }, { 'atlas-source-id': 'shop' }, { 'atlas-source-id': 'crm' }];
    await service.forwardBatch(batchOf([{ a: 1 }, { b: 2 }, { c: 3 }], headers));
    const runs = publishRootRun.mock.calls.map(([run]) => run);
    expect(runs).toEqual([
      expect.objectContaining({
        jobName: 'ingest.crm',
        runId: derivedRunId(`crm:kafka:${RAW}/2/40`),
        recordCount: 2,
        inputs: [{ namespace: 'kafka://atlas', name: `${RAW}/crm` }],
        outputs: [{ namespace: 'kafka://atlas', name: `${TOPICS.INGEST_RECORDS}/crm` }],
        sourceRange: { first: `kafka:${RAW}/2/40`, last: `kafka:${RAW}/2/42` },
      }),
      expect.objectContaining({ jobName: 'ingest.shop', runId: derivedRunId(`shop:kafka:${RAW}/2/41`), recordCount: 1 }),
    ]);
    expect(published().map((envelope) => [envelope.sourceId, envelope.position.index])).toEqual([
      ['crm', 0],
      ['crm', 1],
      ['shop', 0],
    ]);
  });

  it('dead-letters invalid records with the reason, source and location, and forwards the rest', async () => {
    const batch = batchOf([{ a: 1 }, { b: 'x\u0000' }, { c: 3 }], [{}, { 'atlas-source-id': 'crm' }, { 'atlas-source-id': 'crm' }]);
    await service.forwardBatch(batch);
    expect(batch.deadLetters.map(({ offset, reason, sourceId, location }) => ({ offset, reason, sourceId, location }))).toEqual([
      { offset: '40', reason: "missing the atlas-source-id header naming the record's source", sourceId: undefined, location: `kafka:${RAW}/2/40` },
      {
        offset: '41',
        reason: 'record refused: a string at $[0]{0} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store',
        sourceId: 'crm',
        location: `kafka:${RAW}/2/41`,
      },
    ]);
    expect(published().map((envelope) => envelope.payload)).toEqual([{ c: 3 }]);
  });

  it('publishes nothing when every record is refused', async () => {
    const batch = batchOf([{ a: 1 }], [{}]);
    await service.forwardBatch(batch);
    expect(publish).not.toHaveBeenCalled();
    expect(publishRootRun).not.toHaveBeenCalled();
  });

  it('publishes the records before reporting their run', async () => {
    await service.forwardBatch(batchOf([{ a: 1 }], [{ 'atlas-source-id': 'crm' }]));
    expect(publish.mock.invocationCallOrder[0]).toBeLessThan(publishRootRun.mock.invocationCallOrder[0]);
  });
});
