import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { computeChecksum, RawRecord, RecordEnvelope, recordEnvelopeValidator, TOPICS } from '@atlas/contracts';
import { derivedRunId, IngestionRunPublisher, recordIdAtLocation, recordIdOfKey } from '@atlas/ingestion';
import { kafkaPublisherProvider, LINEAGE_DATASETS_PROVIDER, lineagePublisherProvider, publishMock, recordBatchOf, resetResolving } from '@atlas/testing/unit-fixtures';
import { ConnectorEnvironment } from '../connector-environment';
import { PartitionRawRun, RawRecordRunRepository } from './raw-record-run.repository';
import { assignRuns, RawRunPolicy } from './raw-record-runs';
import { RawRecordsService } from './raw-records.service';

const RAW = TOPICS.RAW_RECORDS;

/** The repository's contract in memory: runs per source and partition, a clock the test moves. */
class InMemoryRawRuns implements Pick<RawRecordRunRepository, 'assign' | 'markAnnounced'> {
  readonly runs = new Map<string, PartitionRawRun[]>();
  readonly announced: string[] = [];
  now = 1_000_000;

  async assign(sourceId: string, partition: number, offsets: readonly number[], policy: RawRunPolicy, runIdOf: (firstOffset: number) => string) {
    const key = `${sourceId}:${partition}`;
    const stored = this.runs.get(key) ?? [];
    const plan = assignRuns(stored, offsets, this.now, policy, runIdOf);
    const byFirst = new Map(stored.map((run) => [run.firstOffset, run]));
    for (const run of plan.changed) byFirst.set(run.firstOffset, { ...run, sourceId, partition });
    this.runs.set(key, [...byFirst.values()].sort((left, right) => left.firstOffset - right.firstOffset));
    return plan;
  }

  async markAnnounced(runIds: readonly string[]): Promise<void> {
    this.announced.push(...runIds);
  }
}

describe('RawRecordsService', () => {
  let service: RawRecordsService;
  let runs: InMemoryRawRuns;
  const publish = publishMock();
  const publishRootRun = jest.fn();

  beforeEach(async () => {
    resetResolving(publish, publishRootRun);
    runs = new InMemoryRawRuns();
    const moduleRef = await Test.createTestingModule({
      providers: [
        RawRecordsService,
        IngestionRunPublisher,
        { provide: ConnectorEnvironment, useValue: Object.assign(new ConnectorEnvironment(), { KAFKA_MAX_MESSAGE_BYTES: 1_000_000, CONNECTOR_RAW_RUN_MAX_RECORDS: 3 }) },
        { provide: RawRecordRunRepository, useValue: runs },
        kafkaPublisherProvider(publish),
        lineagePublisherProvider({ publishRootRun }),
        LINEAGE_DATASETS_PROVIDER,
      ],
    }).compile();
    service = moduleRef.get(RawRecordsService);
  });

  function batchOf(values: RawRecord[], headers: Array<Record<string, string>>, firstOffset = 40) {
    return recordBatchOf<RawRecord>(RAW, values, { partition: 2, firstOffset, keyOf: () => null, headersOf: (_value, index) => headers[index] });
  }

  function rootRuns(): Array<[string, string, number, string | undefined, { first: string; last: string }]> {
    return publishRootRun.mock.calls.map(([run]) => [run.eventType ?? 'COMPLETE', run.runId, run.recordCount, run.jobName, run.sourceRange]);
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
      expect.objectContaining({ sourceId: 'crm', runId, position: { index: 0, location: `kafka:${RAW}/2/40` }, payload: { name: 'Ada' } }),
      expect.objectContaining({ sourceId: 'crm', runId, position: { index: 1, location: `kafka:${RAW}/2/41` }, payload: { name: 'Grace' } }),
    ]);
    expect(envelopes[0].checksum).toBe(computeChecksum({ name: 'Ada' }));
    expect(envelopes[0].recordId).toBe(recordIdAtLocation('crm', `kafka:${RAW}/2/40`));
    expect(publish.mock.calls[0][1].map((message) => message.key)).toEqual(envelopes.map((envelope) => envelope.recordId));
    // The run's records share the raw partition's number on the ingest topic.
    expect(publish.mock.calls[0][1].map((message) => message.partitionHint)).toEqual([2, 2]);
  });

  it('derives the record id from the atlas-record-key header, so the same key is the same record', async () => {
    await service.forwardBatch(batchOf([{ v: 1 }, { v: 2 }], [{ 'atlas-source-id': 'crm', 'atlas-record-key': 'c-1' }, { 'atlas-source-id': 'crm', 'atlas-record-key': 'c-1' }]));
    expect(published().map((envelope) => envelope.recordId)).toEqual([recordIdOfKey('crm', 'c-1'), recordIdOfKey('crm', 'c-1')]);
  });

  it('opens one run per source of the batch, reported as a root lineage run started, its position the distance from its first offset', async () => {
    const headers = [{ 'atlas-source-id': 'crm' }, { 'atlas-source-id': 'shop' }, { 'atlas-source-id': 'crm' }];
    await service.forwardBatch(batchOf([{ a: 1 }, { b: 2 }, { c: 3 }], headers));
    expect(publishRootRun.mock.calls[0][0]).toEqual(
      expect.objectContaining({
        jobName: 'ingest.crm',
        eventType: 'START',
        runId: derivedRunId(`crm:kafka:${RAW}/2/40`),
        recordCount: 2,
        inputs: [{ namespace: 'kafka://atlas', name: `${RAW}/crm` }],
        outputs: [{ namespace: 'kafka://atlas', name: `${TOPICS.INGEST_RECORDS}/crm` }],
        sourceRange: { first: `kafka:${RAW}/2/40`, last: `kafka:${RAW}/2/42` },
      }),
    );
    expect(rootRuns().map(([eventType, runId, count]) => [eventType, runId, count])).toEqual([
      ['START', derivedRunId(`crm:kafka:${RAW}/2/40`), 2],
      ['START', derivedRunId(`shop:kafka:${RAW}/2/41`), 1],
    ]);
    expect(published().map((envelope) => [envelope.sourceId, envelope.position.index])).toEqual([
      ['crm', 0],
      ['crm', 2],
      ['shop', 0],
    ]);
  });

  it('adds the next batches to the open run while its window lasts, then closes it with its count and opens the next', async () => {
    const crm = { 'atlas-source-id': 'crm' };
    await service.forwardBatch(batchOf([{ a: 1 }], [crm], 40));
    await service.forwardBatch(batchOf([{ a: 2 }], [crm], 41));
    runs.now += 5000;
    await service.forwardBatch(batchOf([{ a: 3 }], [crm], 42));
    const first = derivedRunId(`crm:kafka:${RAW}/2/40`);
    const second = derivedRunId(`crm:kafka:${RAW}/2/42`);
    expect(rootRuns()).toEqual([
      ['START', first, 1, 'ingest.crm', { first: `kafka:${RAW}/2/40`, last: `kafka:${RAW}/2/40` }],
      ['START', second, 1, 'ingest.crm', { first: `kafka:${RAW}/2/42`, last: `kafka:${RAW}/2/42` }],
      ['COMPLETE', first, 2, 'ingest.crm', { first: `kafka:${RAW}/2/40`, last: `kafka:${RAW}/2/41` }],
    ]);
    expect(runs.announced).toEqual([first]);
    expect(published().map((envelope) => [envelope.runId, envelope.position.index])).toEqual([
      [first, 0],
      [first, 1],
      [second, 0],
    ]);
  });

  it('closes a run at its most records, and puts a redelivered batch in the same runs at the same positions', async () => {
    const crm = { 'atlas-source-id': 'crm' };
    const batch = () => batchOf([{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }], [crm, crm, crm, crm]);
    await service.forwardBatch(batch());
    const firstTime = published().map((envelope) => [envelope.recordId, envelope.runId, envelope.position.index]);
    expect(firstTime.map(([, runId, index]) => [runId, index])).toEqual([
      [derivedRunId(`crm:kafka:${RAW}/2/40`), 0],
      [derivedRunId(`crm:kafka:${RAW}/2/40`), 1],
      [derivedRunId(`crm:kafka:${RAW}/2/40`), 2],
      [derivedRunId(`crm:kafka:${RAW}/2/43`), 0],
    ]);
    expect(rootRuns().filter(([eventType]) => eventType === 'COMPLETE').map(([, runId, count]) => [runId, count])).toEqual([[derivedRunId(`crm:kafka:${RAW}/2/40`), 3]]);
    publish.mockClear();
    publishRootRun.mockClear();
    await service.forwardBatch(batch());
    expect(published().map((envelope) => [envelope.recordId, envelope.runId, envelope.position.index])).toEqual(firstTime);
    expect(publishRootRun).not.toHaveBeenCalled();
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
