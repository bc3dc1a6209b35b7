import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { buildRunEvent, ingestionJobName, LINEAGE_JOBS, RunEvent, TOPICS } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { recordBatchOf } from '@atlas/testing/unit-fixtures';
import { eventIdOf, LineageEventsService } from './lineage-events.service';
import { RunEventEntity } from './run-event.entity';
import { RunEventRepository } from './run-event.repository';

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

function batchOf(events: RunEvent[]): RecordBatch<RunEvent> {
  return recordBatchOf(TOPICS.LINEAGE_EVENTS, events, { keyOf: (event) => event.run.runId });
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

  it('is a uuid', () => {
    expect(eventIdOf(stageEvent())).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('LineageEventsService', () => {
  let service: LineageEventsService;
  const insertIgnoringDuplicates = jest.fn<Promise<void>, [Omit<RunEventEntity, 'receivedAt'>[]]>();
  const findByRunOrParent = jest.fn<Promise<RunEventEntity[]>, [string, number]>();

  beforeEach(async () => {
    insertIgnoringDuplicates.mockReset().mockResolvedValue(undefined);
    findByRunOrParent.mockReset().mockResolvedValue([]);
    const moduleRef = await Test.createTestingModule({
      providers: [LineageEventsService, { provide: RunEventRepository, useValue: { insertIgnoringDuplicates, findByRunOrParent } }],
    }).compile();
    service = moduleRef.get(LineageEventsService);
  });

  describe('storeBatch', () => {
    it('stores each event as a row with its id, run, parent run, job, type and time', async () => {
      const event = stageEvent();
      await service.storeBatch(batchOf([event]));
      expect(insertIgnoringDuplicates).toHaveBeenCalledTimes(1);
      expect(insertIgnoringDuplicates.mock.calls[0][0]).toEqual([
        {
          eventId: eventIdOf(event),
          runId: STAGE_RUN_ID,
          parentRunId: INGESTION_RUN_ID,
          jobNamespace: 'atlas',
          jobName: LINEAGE_JOBS.QUALITY_VALIDATE,
          eventType: 'COMPLETE',
          eventTime: new Date('2026-01-15T10:00:00.000Z'),
          event,
        },
      ]);
    });

    it('stores a root run without parent as parentRunId null', async () => {
      await service.storeBatch(batchOf([stageEvent({ withParent: false })]));
      expect(insertIgnoringDuplicates.mock.calls[0][0][0].parentRunId).toBeNull();
    });

    it('stores every event of the batch in one insert, in order', async () => {
      const events = [stageEvent(), stageEvent({ runId: INGESTION_RUN_ID, jobName: ingestionJobName('people'), withParent: false })];
      await service.storeBatch(batchOf(events));
      expect(insertIgnoringDuplicates).toHaveBeenCalledTimes(1);
      expect(insertIgnoringDuplicates.mock.calls[0][0].map((row) => row.runId)).toEqual([STAGE_RUN_ID, INGESTION_RUN_ID]);
    });

    it('gives a redelivered event the same row id, so the insert ignores it', async () => {
      await service.storeBatch(batchOf([stageEvent({ eventTime: '2026-01-15T10:00:00.000Z' }), stageEvent({ eventTime: '2026-01-15T10:09:00.000Z' })]));
      const [first, second] = insertIgnoringDuplicates.mock.calls[0][0];
      expect(first.eventId).toBe(second.eventId);
    });

    it('propagates a database failure so the batch is retried', async () => {
      insertIgnoringDuplicates.mockRejectedValueOnce(new Error('connection lost'));
      await expect(service.storeBatch(batchOf([stageEvent()]))).rejects.toThrow('connection lost');
    });
  });

  describe('eventsOfRun', () => {
    it('returns the stored events of the run and its children, with the limit passed on', async () => {
      const event = stageEvent();
      findByRunOrParent.mockResolvedValueOnce([
        { eventId: eventIdOf(event), runId: STAGE_RUN_ID, parentRunId: INGESTION_RUN_ID, jobNamespace: 'atlas', jobName: event.job.name, eventType: 'COMPLETE', eventTime: new Date(event.eventTime), event, receivedAt: new Date() },
      ]);
      await expect(service.eventsOfRun(INGESTION_RUN_ID, 50)).resolves.toEqual([event]);
      expect(findByRunOrParent).toHaveBeenCalledWith(INGESTION_RUN_ID, 50);
    });
  });
});
