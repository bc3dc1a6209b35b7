import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { buildRunEvent, ingestionJobName, LINEAGE_JOBS, OpenLineageEvent, RunEvent, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { encodeCursor, RunEventsQuery } from '@atlas/platform';
import { recordBatchOf } from '@atlas/testing/unit-fixtures';
import { LineageNormaliser, NormalisedLineage } from '../graph/lineage-normaliser';
import { LineageStoreRepository, RawEventRow } from '../graph/lineage-store.repository';
import { eventIdOf, LineageEventsService, rawEventRowOf } from './lineage-events.service';
import { RunEventKey, RunEventRepository } from './run-event.repository';

const STAGE_RUN_ID = '5b0f1a2c-3d4e-4f50-8a61-7b8c9d0e1f23';
const INGESTION_RUN_ID = '0192f0c1-7a3b-7c3d-8e4f-5a6b7c8d9e0f';

function stageEvent(overrides: { eventType?: RunEvent['eventType']; eventTime?: string; runId?: string; jobName?: string; withParent?: boolean } = {}): RunEvent {
  return buildRunEvent({
    producer: 'urn:atlas:quality',
    jobName: overrides.jobName ?? LINEAGE_JOBS.QUALITY_VALIDATE,
    runId: overrides.runId ?? STAGE_RUN_ID,
    eventType: overrides.eventType ?? 'COMPLETE',
    eventTime: new Date(overrides.eventTime ?? '2026-01-15T10:00:00.000Z'),
    parent: overrides.withParent === false ? undefined : { runId: INGESTION_RUN_ID, jobName: ingestionJobName('people') },
    inputs: [],
    outputs: [],
    recordCount: 4,
  });
}

function batchOf(events: OpenLineageEvent[]): RecordBatch<OpenLineageEvent> {
  return recordBatchOf(TOPICS.LINEAGE_EVENTS, events, { keyOf: () => 'key' });
}

describe('eventIdOf', () => {
  it('is the same for a redelivered COMPLETE event stamped at another time', () => {
    expect(eventIdOf(stageEvent({ eventTime: '2026-01-15T10:00:00.000Z' }))).toBe(eventIdOf(stageEvent({ eventTime: '2026-01-15T10:05:00.000Z' })));
  });

  it.each(['START', 'ABORT', 'FAIL'] as const)('is the same for %s events at different times (once per run)', (eventType) => {
    expect(eventIdOf(stageEvent({ eventType, eventTime: '2026-01-15T10:00:00.000Z' }))).toBe(
      eventIdOf(stageEvent({ eventType, eventTime: '2026-01-15T11:00:00.000Z' })),
    );
  });

  it.each(['RUNNING', 'OTHER'] as const)('differs for %s events at different times', (eventType) => {
    expect(eventIdOf(stageEvent({ eventType, eventTime: '2026-01-15T10:00:00.000Z' }))).not.toBe(
      eventIdOf(stageEvent({ eventType, eventTime: '2026-01-15T10:00:01.000Z' })),
    );
  });

  it('is the same for a redelivered RUNNING event with the same time', () => {
    expect(eventIdOf(stageEvent({ eventType: 'RUNNING' }))).toBe(eventIdOf(stageEvent({ eventType: 'RUNNING' })));
  });

  it('differs by run, job and event type', () => {
    const reference = eventIdOf(stageEvent());
    expect(eventIdOf(stageEvent({ runId: INGESTION_RUN_ID }))).not.toBe(reference);
    expect(eventIdOf(stageEvent({ jobName: LINEAGE_JOBS.CONNECTOR_NAVIGATE }))).not.toBe(reference);
    expect(eventIdOf(stageEvent({ eventType: 'START' }))).not.toBe(reference);
  });

  it('treats a RunEvent without eventType as OTHER: one id per event time', () => {
    const { eventType: _eventType, ...withoutType } = stageEvent();
    expect(eventIdOf(withoutType)).toBe(eventIdOf(stageEvent({ eventType: 'OTHER' })));
  });

  it('gives DatasetEvents and JobEvents one id per content, whatever the key order', () => {
    const datasetEvent = { eventTime: '2026-01-15T10:00:00.000Z', producer: 'urn:x', schemaURL: 'urn:y', dataset: { namespace: 'n', name: 'd' } };
    const reordered = { dataset: { name: 'd', namespace: 'n' }, schemaURL: 'urn:y', producer: 'urn:x', eventTime: '2026-01-15T10:00:00.000Z' };
    expect(eventIdOf(datasetEvent)).toBe(eventIdOf(reordered));
    expect(eventIdOf({ ...datasetEvent, eventTime: '2026-01-15T10:00:01.000Z' })).not.toBe(eventIdOf(datasetEvent));
    const { dataset: _dataset, ...base } = datasetEvent;
    expect(eventIdOf({ ...base, job: { namespace: 'n', name: 'd' } })).not.toBe(eventIdOf(datasetEvent));
  });

  it('is a uuid', () => {
    expect(eventIdOf(stageEvent())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('rawEventRowOf', () => {
  it('keeps run, parent run, job, type and time of a RunEvent', () => {
    const event = stageEvent();
    expect(rawEventRowOf(event)).toEqual({
      eventId: eventIdOf(event),
      eventKind: 'RunEvent',
      runId: STAGE_RUN_ID,
      parentRunId: INGESTION_RUN_ID,
      jobNamespace: 'atlas',
      jobName: LINEAGE_JOBS.QUALITY_VALIDATE,
      eventType: 'COMPLETE',
      eventTime: new Date('2026-01-15T10:00:00.000Z'),
      event,
    });
  });

  it('stores a root run without parent as parentRunId null', () => {
    expect(rawEventRowOf(stageEvent({ withParent: false })).parentRunId).toBeNull();
  });

  it('has no run or type for a JobEvent, and no job for a DatasetEvent', () => {
    const base = { eventTime: '2026-01-15T10:00:00.000Z', producer: 'urn:x', schemaURL: 'urn:y' };
    expect(rawEventRowOf({ ...base, job: { namespace: 'dbt', name: 'model' } })).toMatchObject({ eventKind: 'JobEvent', runId: null, parentRunId: null, jobNamespace: 'dbt', jobName: 'model', eventType: null });
    expect(rawEventRowOf({ ...base, dataset: { namespace: 'n', name: 'd' } })).toMatchObject({ eventKind: 'DatasetEvent', runId: null, jobNamespace: null, jobName: null, eventType: null });
  });
});

describe('LineageEventsService', () => {
  let service: LineageEventsService;
  const write = jest.fn<Promise<void>, [RawEventRow[], NormalisedLineage]>();
  const findByRunOrParent = jest.fn<Promise<Array<{ event: object; eventTime: string; eventId: string }>>, [string, RunEventKey | undefined, number]>();

  beforeEach(async () => {
    write.mockReset().mockResolvedValue(undefined);
    findByRunOrParent.mockReset().mockResolvedValue([]);
    const moduleRef = await Test.createTestingModule({
      providers: [LineageEventsService, { provide: RunEventRepository, useValue: { findByRunOrParent } }, { provide: LineageStoreRepository, useValue: { write } }],
    }).compile();
    service = moduleRef.get(LineageEventsService);
  });

  describe('storeBatch', () => {
    it('writes the raw rows and the normalised lineage of the whole batch in one call, in order', async () => {
      const events = [stageEvent(), stageEvent({ runId: INGESTION_RUN_ID, jobName: ingestionJobName('people'), withParent: false })];
      await service.storeBatch(batchOf(events));
      expect(write).toHaveBeenCalledTimes(1);
      expect(write).toHaveBeenCalledWith(events.map(rawEventRowOf), LineageNormaliser.normalise(events));
    });

    it('gives a redelivered event the same row id, so the insert ignores it', async () => {
      await service.storeBatch(batchOf([stageEvent({ eventTime: '2026-01-15T10:00:00.000Z' }), stageEvent({ eventTime: '2026-01-15T10:09:00.000Z' })]));
      const [first, second] = write.mock.calls[0][0];
      expect(first.eventId).toBe(second.eventId);
    });

    it('propagates a database failure so the batch is retried', async () => {
      write.mockRejectedValueOnce(new Error('connection lost'));
      await expect(service.storeBatch(batchOf([stageEvent()]))).rejects.toThrow('connection lost');
    });
  });

  describe('eventsOfRun', () => {
    const query = (values: Partial<RunEventsQuery> = {}): RunEventsQuery => Object.assign(new RunEventsQuery(), values);

    it('pages the stored events of the run and its children oldest first, reading one more than the limit', async () => {
      const first = stageEvent({ eventTime: '2026-01-15T10:00:00.000Z' });
      const second = stageEvent({ eventTime: '2026-01-15T10:09:00.000Z' });
      findByRunOrParent.mockResolvedValueOnce([
        { event: first, eventTime: '2026-01-15T10:00:00.000001Z', eventId: '0190b8a4-0000-7000-8000-000000000001' },
        { event: second, eventTime: '2026-01-15T10:09:00.000000Z', eventId: '0190b8a4-0000-7000-8000-000000000002' },
      ]);
      const page = await service.eventsOfRun(INGESTION_RUN_ID, query({ limit: 1 }));
      expect(page).toEqual({ items: [first], nextCursor: encodeCursor(`run-events:eventTime:${INGESTION_RUN_ID}`, ['2026-01-15T10:00:00.000001Z', '0190b8a4-0000-7000-8000-000000000001']) });
      expect(findByRunOrParent).toHaveBeenCalledWith(INGESTION_RUN_ID, undefined, 2);

      await service.eventsOfRun(INGESTION_RUN_ID, query({ limit: 1, cursor: page.nextCursor! }));
      expect(findByRunOrParent).toHaveBeenLastCalledWith(INGESTION_RUN_ID, ['2026-01-15T10:00:00.000001Z', '0190b8a4-0000-7000-8000-000000000001'], 2);
    });

    it("refuses another run's cursor with 400 cursor_invalid before any query", async () => {
      const foreign = encodeCursor(`run-events:eventTime:${STAGE_RUN_ID}`, ['2026-01-15T10:00:00.000001Z', '0190b8a4-0000-7000-8000-000000000001']);
      await expect(service.eventsOfRun(INGESTION_RUN_ID, query({ cursor: foreign }))).rejects.toMatchObject({ status: 400, response: { code: 'cursor_invalid' } });
      expect(findByRunOrParent).not.toHaveBeenCalled();
    });
  });
});
