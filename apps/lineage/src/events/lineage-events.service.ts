import { Injectable } from '@nestjs/common';
import stringify from 'safe-stable-stringify';
import { v5 as uuidv5 } from 'uuid';
import { eventKindOf, isRunEvent, OpenLineageEvent, RunEvent } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { LineageNormaliser } from '../graph/lineage-normaliser';
import { LineageStoreRepository, RawEventRow } from '../graph/lineage-store.repository';
import { CURSOR_SHAPES, CursorPage, cursorKey, cursorPageOf, RunEventsQuery, textKey } from '@atlas/platform';
import { RunEventKey, RunEventRepository } from './run-event.repository';
import { RunProvenance, runProvenanceOf } from './run-provenance';

const RUN_EVENT_KEY = textKey(CURSOR_SHAPES.microsecondTime, CURSOR_SHAPES.uuid);
const EVENT_ID_NAMESPACE = 'c3a5f0d4-8e2b-4b7a-9f61-1d2e3c4b5a69';
// OpenLineage allows one START and one terminal event per run; other types may repeat.
const ONCE_PER_RUN = new Set(['START', 'COMPLETE', 'ABORT', 'FAIL']);

/** The id under which an event is stored: a redelivered event maps to the same id. */
export function eventIdOf(event: OpenLineageEvent): string {
  if (!isRunEvent(event)) return uuidv5(`${eventKindOf(event)}:${stringify(event)}`, EVENT_ID_NAMESPACE);
  const eventType = event.eventType ?? 'OTHER';
  const discriminator = ONCE_PER_RUN.has(eventType) ? '' : `:${event.eventTime}`;
  return uuidv5(`${event.run.runId}:${event.job.namespace}:${event.job.name}:${eventType}${discriminator}`, EVENT_ID_NAMESPACE);
}

function parentRunIdOf(event: OpenLineageEvent): string | null {
  if (!isRunEvent(event)) return null;
  const parent = event.run.facets?.parent as { run?: { runId?: unknown } } | undefined;
  return typeof parent?.run?.runId === 'string' ? parent.run.runId : null;
}

export function rawEventRowOf(event: OpenLineageEvent): RawEventRow {
  const job = 'job' in event ? event.job : undefined;
  return {
    eventId: eventIdOf(event),
    eventKind: eventKindOf(event),
    runId: isRunEvent(event) ? event.run.runId : null,
    parentRunId: parentRunIdOf(event),
    jobNamespace: job?.namespace ?? null,
    jobName: job?.name ?? null,
    eventType: isRunEvent(event) ? (event.eventType ?? null) : null,
    eventTime: new Date(event.eventTime),
    event,
  };
}

@Injectable()
export class LineageEventsService {
  constructor(
    private readonly repository: RunEventRepository,
    private readonly store: LineageStoreRepository,
  ) {}

  /** Keeps every event in the log and folds it into the graph tables, in one transaction. */
  async storeBatch(batch: RecordBatch<OpenLineageEvent>): Promise<void> {
    const events = batch.messages.map((message) => message.value);
    await this.store.write(events.map(rawEventRowOf), LineageNormaliser.normalise(events));
  }

  async provenanceOfRun(runId: string): Promise<RunProvenance> {
    return runProvenanceOf(runId, await this.repository.latestPerRun(runId));
  }

  /** A run's events and its stage runs', oldest first, a page at a time (`run-events:eventTime:<runId>` cursors). */
  async eventsOfRun(runId: string, query: RunEventsQuery): Promise<CursorPage<RunEvent>> {
    const scope = `run-events:${query.sort}:${runId}`;
    const after = cursorKey(query.cursor, scope, RUN_EVENT_KEY) as RunEventKey | undefined;
    const rows = await this.repository.findByRunOrParent(runId, after, query.limit + 1);
    return cursorPageOf(rows, query.limit, scope, (row) => [row.eventTime, row.eventId], (row) => row.event);
  }
}
