import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { DeadLetter, RecordEnvelope, TOPICS } from '@atlas/contracts';
import { IngestionRunPublisher, recordIdAt, recordIdInRun } from '@atlas/ingestion';
import { deadLetterUnsealerForVaultKey, KafkaPublisher } from '@atlas/kafka';
import { ConnectorEnvironment } from '../connector-environment';
import { ExploreRecordRepository } from '../explore/explore-record.repository';
import { SourceConfigError, SourceMessage, SourceReadError, SourceState } from './connectors/source-connector';
import { RunCheckpoint, RunEntity } from './run.entity';
import { MAX_UNSTORED_RECORDS, RunExecutor, STORE_CONFIRMATION_TIMEOUT_MS } from './run-executor.service';
import { RunCounts, RunRepository } from './run.repository';
import { SourceConnectorRegistry } from './source-connector.registry';
import { SourceRepository } from './source.repository';

const RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e01';
const unsealer = deadLetterUnsealerForVaultKey(Buffer.alloc(32, 3));

/** The runs table in memory, with the transitions the repository guards. */
class InMemoryRuns {
  run: RunEntity;
  committed: RunCheckpoint[] = [];
  previous: RunCheckpoint | null = null;

  constructor(state: RunEntity['state'], checkpoint: RunCheckpoint | null = null) {
    this.run = Object.assign(new RunEntity(), {
      runId: RUN_ID, sourceId: 'people', state, recordsRead: 0, recordsPublished: 0, recordsDeadLettered: 0, checkpoint, error: null, createdAt: new Date(), startedAt: null, endedAt: null,
    });
  }

  find = async () => ({ ...this.run });
  latestCheckpoint = async () => this.previous;
  markRunning = async () => (this.run.state === 'queued' ? ((this.run.state = 'running'), true) : false);
  updateCounts = async (_runId: string, counts: RunCounts) => void Object.assign(this.run, counts);
  commitCheckpoint = async (_runId: string, checkpoint: RunCheckpoint) => void (this.committed.push(checkpoint), (this.run.checkpoint = checkpoint));
  finish = async (_runId: string, state: 'succeeded' | 'failed', counts: RunCounts, error: string | null) =>
    this.run.state === 'running' ? (Object.assign(this.run, counts, { state, error }), true) : false;
}

describe('RunExecutor', () => {
  let runs: InMemoryRuns;
  let messages: SourceMessage[];
  let readFrom: SourceState | null | undefined;
  const published: RecordEnvelope[] = [];
  const stored = new Set<number>();
  const publishRecords = jest.fn(async (records: Array<{ envelope: RecordEnvelope }>) => void published.push(...records.map((record) => record.envelope)));
  const publishRunLineage = jest.fn(async (_run: { eventType?: string; errorMessage?: string }) => undefined);
  const publish = jest.fn(async () => undefined);
  let executor: RunExecutor;

  async function createExecutor(): Promise<void> {
    const connector = {
      type: 'fake',
      description: 'fake',
      spec: () => ({ type: 'object' }),
      check: jest.fn(),
      discover: jest.fn(),
      read: async function* (_config: object, state: SourceState | null) {
        readFrom = state;
        yield* messages;
      },
    };
    const environment = Object.assign(new ConnectorEnvironment(), { ATLAS_DEAD_LETTER_PUBLIC_KEY: unsealer.publicKeyBase64, KAFKA_MAX_MESSAGE_BYTES: 1_000_000 });
    const moduleRef = await Test.createTestingModule({
      providers: [
        RunExecutor,
        { provide: ConnectorEnvironment, useValue: environment },
        { provide: SourceConnectorRegistry, useValue: { find: () => connector } },
        { provide: SourceRepository, useValue: { find: async () => ({ sourceId: 'people', type: 'fake', config: {} }) } },
        { provide: RunRepository, useValue: runs },
        { provide: ExploreRecordRepository, useValue: { countStored: async (_runId: string, from: number, to: number) => [...stored].filter((index) => index >= from && index < to).length } },
        { provide: IngestionRunPublisher, useValue: { publishRecords, publishRunLineage } },
        { provide: KafkaPublisher, useValue: { publish } },
      ],
    }).compile();
    executor = moduleRef.get(RunExecutor);
  }

  /** Starts the run and lets Explore "store" every published record, as the consumer would. */
  async function execute(): Promise<void> {
    const storing = setInterval(() => published.forEach((envelope) => stored.add(envelope.position.index)), 5);
    executor.start(RUN_ID);
    await (executor as unknown as { active: Map<string, { done: Promise<void> }> }).active.get(RUN_ID)?.done;
    clearInterval(storing);
  }

  beforeEach(async () => {
    published.length = 0;
    stored.clear();
    readFrom = undefined;
    for (const mock of [publishRecords, publishRunLineage, publish]) mock.mockClear();
    runs = new InMemoryRuns('queued');
    await createExecutor();
  });

  it('publishes records with run-derived ids and locations, dead-letters malformed ones, and counts both', async () => {
    messages = [
      { type: 'record', payload: { name: 'Ada' }, location: 'file:p.csv:2' },
      { type: 'malformed', reason: 'a quote appears inside an unquoted field', location: 'file:p.csv:3', raw: Buffer.from('a"b\n') },
      { type: 'record', payload: { name: 'x\u0000' }, location: 'file:p.csv:4' },
      { type: 'record', payload: { name: 'Grace' }, location: 'file:p.csv:5' },
      { type: 'checkpoint', state: { offset: 40 } },
    ];
    await execute();
    expect(published.map((envelope) => [envelope.recordId, envelope.position, envelope.payload])).toEqual([
      [recordIdAt(RUN_ID, 0), { index: 0, location: 'file:p.csv:2' }, { name: 'Ada' }],
      [recordIdAt(RUN_ID, 1), { index: 1, location: 'file:p.csv:5' }, { name: 'Grace' }],
    ]);
    const deadLetters = (publish.mock.calls as unknown as Array<[string, Array<{ value: DeadLetter }>]>).flatMap(([topic, sent]) => (topic === TOPICS.DEAD_LETTER ? sent.map((message) => message.value) : []));
    expect(deadLetters.map((letter) => [letter.reason, letter.source])).toEqual([
      ['a quote appears inside an unquoted field', { topic: 'source:people', partition: 0, offset: '1', sourceId: 'people', runId: RUN_ID, location: 'file:p.csv:3' }],
      [
        'record refused: a string at $[1]{0} holds the NUL character (\\u0000), which PostgreSQL jsonb cannot store',
        { topic: 'source:people', partition: 0, offset: '2', sourceId: 'people', runId: RUN_ID, location: 'file:p.csv:4' },
      ],
    ]);
    expect(unsealer.unseal(deadLetters[0].sealedOriginalValue!, deadLetters[0].source).toString()).toBe('a"b\n');
    expect(runs.run).toMatchObject({ state: 'succeeded', recordsRead: 4, recordsPublished: 2, recordsDeadLettered: 2, error: null });
    expect(runs.committed).toEqual([{ state: { offset: 40 }, read: 4, published: 2, deadLettered: 2, firstLocation: 'file:p.csv:2', lastLocation: 'file:p.csv:5' }]);
    expect(publishRunLineage.mock.calls.map(([event]) => event.eventType)).toEqual(['START', 'COMPLETE']);
    expect(publishRunLineage.mock.calls[1]).toEqual([expect.objectContaining({ recordCount: 2, sourceRange: { first: 'file:p.csv:2', last: 'file:p.csv:5' } })]);
  });

  it('never commits a checkpoint before the records before it are stored', async () => {
    messages = [{ type: 'record', payload: { n: 1 }, location: 'l:1' }, { type: 'checkpoint', state: { offset: 1 } }];
    // Explore stores nothing: the run waits, and the checkpoint is not committed meanwhile.
    executor.start(RUN_ID);
    await new Promise((resolveWait) => setTimeout(resolveWait, 400));
    expect(runs.committed).toEqual([]);
    expect(runs.run.state).toBe('running');
    stored.add(0);
    await (executor as unknown as { active: Map<string, { done: Promise<void> }> }).active.get(RUN_ID)?.done;
    expect(runs.committed.map((checkpoint) => checkpoint.state)).toEqual([{ offset: 1 }]);
    expect(runs.run.state).toBe('succeeded');
  });

  it('stops reading while more than MAX_UNSTORED_RECORDS published records wait for Explore, and goes on once half of them are stored', async () => {
    const total = MAX_UNSTORED_RECORDS + 5000;
    messages = [];
    for (let index = 0; index < total; index++) {
      messages.push({ type: 'record', payload: { n: index }, location: `l:${index}` });
      if ((index + 1) % 1000 === 0) messages.push({ type: 'checkpoint', state: { offset: index + 1 } });
    }
    const until = async (condition: () => boolean) => {
      for (const deadline = Date.now() + 60_000; !condition(); ) {
        if (Date.now() > deadline) throw new Error('condition not met within 60 s');
        await new Promise((resolveWait) => setTimeout(resolveWait, 20));
      }
    };
    executor.start(RUN_ID);
    // Explore stores nothing: reading stops at the first checkpoint past the limit.
    await until(() => published.length >= MAX_UNSTORED_RECORDS + 1000);
    await new Promise((resolveWait) => setTimeout(resolveWait, 600));
    expect(published).toHaveLength(MAX_UNSTORED_RECORDS + 1000);
    // Storing up to 10,999 leaves 11,000 unstored (above half the limit): still paused.
    for (let index = 0; index < MAX_UNSTORED_RECORDS / 2 - 1000 + 1; index++) stored.add(index);
    await new Promise((resolveWait) => setTimeout(resolveWait, 600));
    expect(published).toHaveLength(MAX_UNSTORED_RECORDS + 1000);
    expect(runs.committed.at(-1)?.published).toBe(MAX_UNSTORED_RECORDS / 2 - 1000);
    // The checkpoint at 11,000 stored: 10,000 wait, half the limit, so reading goes on to the end.
    for (let index = 0; index < MAX_UNSTORED_RECORDS / 2 + 1000; index++) stored.add(index);
    await until(() => published.length === total);
    const storing = setInterval(() => published.forEach((envelope) => stored.add(envelope.position.index)), 5);
    await (executor as unknown as { active: Map<string, { done: Promise<void> }> }).active.get(RUN_ID)?.done;
    clearInterval(storing);
    expect(runs.run).toMatchObject({ state: 'succeeded', recordsPublished: total });
    expect(runs.committed.at(-1)).toMatchObject({ state: { offset: total }, published: total });
  }, 120_000);

  it('fails a run whose records Explore never stores with that reason, not an unclassified error', async () => {
    jest.useFakeTimers();
    try {
      messages = [{ type: 'record', payload: { n: 1 }, location: 'l:1' }, { type: 'checkpoint', state: { offset: 1 } }];
      executor.start(RUN_ID);
      const done = (executor as unknown as { active: Map<string, { done: Promise<void> }> }).active.get(RUN_ID)?.done;
      await jest.advanceTimersByTimeAsync(STORE_CONFIRMATION_TIMEOUT_MS - 1000);
      expect(runs.run.state).toBe('running');
      await jest.advanceTimersByTimeAsync(2000);
      await done;
      expect(runs.run).toMatchObject({ state: 'failed', error: 'records published by the run were not all stored in Explore within 600 s' });
      expect(publishRunLineage.mock.calls.at(-1)?.[0]).toMatchObject({ eventType: 'FAIL', errorMessage: 'records published by the run were not all stored in Explore within 600 s' });
    } finally {
      jest.useRealTimers();
    }
  });

  it('resumes a running run from its checkpoint with its counts and the next record index', async () => {
    runs = new InMemoryRuns('running', { state: { offset: 99 }, read: 10, published: 8, deadLettered: 2 });
    await createExecutor();
    messages = [{ type: 'record', payload: { n: 9 }, location: 'l:11' }, { type: 'checkpoint', state: { offset: 120 } }];
    await execute();
    expect(readFrom).toEqual({ offset: 99 });
    expect(published.map((envelope) => envelope.recordId)).toEqual([recordIdAt(RUN_ID, 8)]);
    expect(runs.run).toMatchObject({ state: 'succeeded', recordsRead: 11, recordsPublished: 9, recordsDeadLettered: 2 });
    // A resumed run does not start again in lineage.
    expect(publishRunLineage.mock.calls.map(([event]) => event.eventType)).toEqual(['COMPLETE']);
  });

  it("starts a new run from the source's last committed checkpoint", async () => {
    runs.previous = { state: { offset: 500 }, read: 5, published: 5, deadLettered: 0 };
    messages = [{ type: 'checkpoint', state: { offset: 500 } }];
    await execute();
    expect(readFrom).toEqual({ offset: 500 });
    expect(runs.run).toMatchObject({ state: 'succeeded', recordsRead: 0, recordsPublished: 0 });
  });

  it('fails the run with a clear error when reading fails, and reports it to lineage', async () => {
    const failing = { type: 'record', get payload(): never { throw new SourceConfigError('people.csv does not exist in the connector directory'); }, location: 'l:1' } as unknown as SourceMessage;
    messages = [failing];
    await execute();
    expect(runs.run).toMatchObject({ state: 'failed', error: 'people.csv does not exist in the connector directory' });
    expect(publishRunLineage.mock.calls.map(([event]) => event.eventType)).toEqual(['START', 'FAIL']);
    expect(publishRunLineage.mock.calls[1][0].errorMessage).toBe('people.csv does not exist in the connector directory');
  });

  it('names the system error code of a source that cannot be read, never its message', async () => {
    const failing = { type: 'record', get payload(): never { throw Object.assign(new Error('EIO: /data/secret-name.csv'), { code: 'EIO' }); }, location: 'l:1' } as unknown as SourceMessage;
    messages = [failing];
    await execute();
    expect(runs.run).toMatchObject({ state: 'failed', error: 'the source could not be read (EIO)' });
  });

  it('derives the id of a record named by its place in the source from the run and that key', async () => {
    messages = [
      { type: 'record', payload: { id: 1 }, location: 'http:/v1/people:page=3:0', key: 'http:/v1/people:page=3:0' },
      { type: 'checkpoint', state: { next: { page: 4 } } },
    ];
    await execute();
    expect(published.map((envelope) => [envelope.recordId, envelope.position.index])).toEqual([[recordIdInRun(RUN_ID, 'http:/v1/people:page=3:0'), 0]]);
  });

  it('commits the checkpoints of what was stored before a read failure, then fails with the source\'s message', async () => {
    const failing = { type: 'record', get payload(): never { throw new SourceReadError('GET /v1/people:page=2: gave up after 5 attempts (last: HTTP 503)'); }, location: 'l:3' } as unknown as SourceMessage;
    messages = [{ type: 'record', payload: { n: 1 }, location: 'l:1' }, { type: 'checkpoint', state: { next: { page: 2 } } }, failing];
    await execute();
    expect(runs.committed.map((checkpoint) => [checkpoint.state, checkpoint.published])).toEqual([[{ next: { page: 2 } }, 1]]);
    expect(runs.run).toMatchObject({ state: 'failed', recordsPublished: 1, error: 'GET /v1/people:page=2: gave up after 5 attempts (last: HTTP 503)' });
  });
});
