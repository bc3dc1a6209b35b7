import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { LINEAGE_JOBS, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { recordBatchOf, recordEnvelope, resetResolving, stageCollaborators, TEST_RUN_ID as RUN_ID, TEST_TRACE_KEY as traceKey, traceContextOfRecord } from '@atlas/testing/unit-fixtures';
import { ExploreRecordEntity } from './explore-record.entity';
import { ExploreRecordRepository } from './explore-record.repository';
import { BatchProfile, profileRecords } from './profile/batch-profile';
import { EXPLORE_STAGE, ExploreService } from './explore.service';

function envelope(index: number, payload: Record<string, unknown> = { id: index, name: `person ${index}` }): RecordEnvelope {
  return recordEnvelope(index, payload);
}

function tampered(index: number): RecordEnvelope {
  return { ...envelope(index), payload: { id: index, name: 'changed after ingestion' } };
}

function batchOf(records: RecordEnvelope[]): RecordBatch<RecordEnvelope> {
  return recordBatchOf(TOPICS.INGEST_RECORDS, records, { partition: 1, firstOffset: 100, traceContextOf: traceContextOfRecord });
}

describe('ExploreService', () => {
  let service: ExploreService;
  const insertIgnoringDuplicates = jest.fn<Promise<BatchProfile[]>, [Omit<ExploreRecordEntity, 'exploredAt'>[]]>();
  const { publish, recordHandled, registerStage, providers: stageProviders } = stageCollaborators();

  beforeEach(async () => {
    resetResolving(publish, recordHandled);
    // As the repository: the profiles of the records it inserted (here: all of them).
    insertIgnoringDuplicates.mockReset().mockImplementation(async (rows) => profileRecords(rows));
    const moduleRef = await Test.createTestingModule({
      providers: [
        ExploreService,
        { provide: ExploreRecordRepository, useValue: { insertIgnoringDuplicates } },
        ...stageProviders,
      ],
    }).compile();
    service = moduleRef.get(ExploreService);
  });

  it("registers its stage, so that records its consumer dead-letters count for the stage's runs", () => {
    expect(registerStage).toHaveBeenLastCalledWith(EXPLORE_STAGE);
  });

  it('lands records whose checksum matches in the Explore table', async () => {
    const records = [envelope(0), envelope(1)];
    await service.landBatch(batchOf(records));
    expect(insertIgnoringDuplicates).toHaveBeenCalledWith(
      records.map((record) => ({
        recordId: record.recordId,
        sourceId: 'people',
        runId: RUN_ID,
        positionIndex: record.position.index,
        checksum: record.checksum,
        payload: record.payload,
        sourceLocation: null,
        ingestedAt: new Date('2026-01-15T10:00:00.000Z'),
      })),
    );
  });

  it('keeps where each record was read in its source, and says it when dead-lettering', async () => {
    const located = { ...envelope(0), position: { index: 0, location: 'file:people.csv:2' } };
    const tamperedLocated = { ...tampered(1), position: { index: 1, location: 'file:people.csv:3' } };
    const batch = batchOf([located, tamperedLocated]);
    await service.landBatch(batch);
    expect(insertIgnoringDuplicates.mock.calls[0][0].map((row) => row.sourceLocation)).toEqual(['file:people.csv:2']);
    expect(batch.deadLetters[0]).toMatchObject({ index: 1, sourceId: 'people', location: 'file:people.csv:3' });
  });

  it('passes landed records on to the explore topic unchanged (the first of a run with its column hints), keyed by record id, with their trace, to the partition they came from', async () => {
    const records = [envelope(0), envelope(1)];
    await service.landBatch(batchOf(records));
    expect(publish).toHaveBeenCalledTimes(1);
    const [topic, messages] = publish.mock.calls[0];
    expect(topic).toBe(TOPICS.EXPLORE_RECORDS);
    // id holds two small numbers: non-personal by type; names say nothing.
    expect(messages.map((message) => message.value)).toEqual([{ ...records[0], columnHints: [{ field: 'id', kind: 'non_personal', evidence: 'number_enum', share: 1 }] }, records[1]]);
    expect(messages.map((message) => message.key)).toEqual(records.map((record) => record.recordId));
    expect(messages.map((message) => message.traceContext?.getValue(traceKey))).toEqual(records.map((record) => record.recordId));
    expect(messages.map((message) => message.partitionHint)).toEqual([1, 1]);
  });

  it("puts the batch profile's column hints on the first record of each run, and drops hints an ingest message carried", async () => {
    const otherRun = '0190b8a4-0000-7000-8000-0000000000ff';
    const carried = [{ field: 'name', kind: 'non_personal' as const, evidence: 'boolean' as const, share: 1 }];
    const records = [
      envelope(0, { email: 'ada@example.com', active: true, name: 'Ada' }),
      { ...envelope(1, { email: 'grace@navy.mil', active: false, name: 'Grace' }), columnHints: carried },
      { ...envelope(2, { name: 'Alan' }), runId: otherRun },
    ];
    await service.landBatch(batchOf(records));
    const published = publish.mock.calls[0][1].map((message) => message.value as RecordEnvelope);
    expect(published.map((record) => record.columnHints)).toEqual([
      [
        { field: 'email', kind: 'personal', entityType: 'EMAIL_ADDRESS', share: 1 },
        { field: 'active', kind: 'non_personal', evidence: 'boolean', share: 1 },
      ],
      undefined,
      undefined,
    ]);
    expect(published[1]).toEqual(envelope(1, { email: 'grace@navy.mil', active: false, name: 'Grace' }));
    expect(published[2]).toEqual(records[2]);
  });

  it('dead-letters a record whose payload no longer matches its checksum, with its position', async () => {
    const batch = batchOf([envelope(0), tampered(1)]);
    await service.landBatch(batch);
    expect(batch.deadLetters).toEqual([
      {
        partition: 1,
        offset: '101',
        key: tampered(1).recordId,
        rawValue: Buffer.from(JSON.stringify(tampered(1))),
        headers: {},
        reason: 'checksum mismatch: the payload does not match the checksum computed at ingestion',
        index: 1,
        sourceId: 'people',
        runId: RUN_ID,
      },
    ]);
  });

  it('lands and publishes only the records that passed the check, and counts every record for its run', async () => {
    const good = envelope(0);
    await service.landBatch(batchOf([good, tampered(1), envelope(2)]));
    const landed = insertIgnoringDuplicates.mock.calls[0][0].map((row) => row.recordId);
    const published = publish.mock.calls[0][1].map((message) => message.key);
    const expected = [good.recordId, envelope(2).recordId];
    expect(landed).toEqual(expected);
    expect(published).toEqual(expected);
    const [stage, handled] = recordHandled.mock.calls[0];
    expect(stage).toBe(EXPLORE_STAGE);
    expect(handled.map(({ runId, sourceId, index, outcome, error }) => ({ runId, sourceId, index, outcome, error }))).toEqual([
      { runId: RUN_ID, sourceId: 'people', index: 0, outcome: 'passed', error: undefined },
      { runId: RUN_ID, sourceId: 'people', index: 1, outcome: 'failed', error: 'checksum mismatch: the payload does not match the checksum computed at ingestion' },
      { runId: RUN_ID, sourceId: 'people', index: 2, outcome: 'passed', error: undefined },
    ]);
    expect(handled[0].traceContext?.getValue(traceKey)).toBe(good.recordId);
  });

  it('is the connector.explore job: the ingest topic in, the Explore table and topic out', () => {
    expect(EXPLORE_STAGE).toEqual({
      jobName: LINEAGE_JOBS.CONNECTOR_EXPLORE,
      inputTopic: TOPICS.INGEST_RECORDS,
      inputs: [{ topic: TOPICS.INGEST_RECORDS }],
      outputs: [{ table: 'connector.explore_records' }, { topic: TOPICS.EXPLORE_RECORDS }],
    });
  });

  it('writes nothing when every record fails the check, but counts them as failed', async () => {
    const batch = batchOf([tampered(0), tampered(1)]);
    await service.landBatch(batch);
    expect(batch.deadLetters).toHaveLength(2);
    expect(insertIgnoringDuplicates).not.toHaveBeenCalled();
    expect(publish).not.toHaveBeenCalled();
    expect(recordHandled.mock.calls[0][1].map((record) => record.outcome)).toEqual(['failed', 'failed']);
  });

  it('lands before it publishes, and publishes before it counts the records in lineage', async () => {
    await service.landBatch(batchOf([envelope(0)]));
    expect(insertIgnoringDuplicates.mock.invocationCallOrder[0]).toBeLessThan(publish.mock.invocationCallOrder[0]);
    expect(publish.mock.invocationCallOrder[0]).toBeLessThan(recordHandled.mock.invocationCallOrder[0]);
  });

  it('does not publish when landing fails', async () => {
    insertIgnoringDuplicates.mockRejectedValueOnce(new Error('database unavailable'));
    await expect(service.landBatch(batchOf([envelope(0)]))).rejects.toThrow('database unavailable');
    expect(publish).not.toHaveBeenCalled();
  });
});
