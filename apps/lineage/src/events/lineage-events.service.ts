import { Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { RunEvent } from '@atlas/contracts';
import { RecordBatch } from '@atlas/kafka';
import { RunEventRepository } from './run-event.repository';

const EVENT_ID_NAMESPACE = 'c3a5f0d4-8e2b-4b7a-9f61-1d2e3c4b5a69';
// OpenLineage allows one START and one terminal event per run; other types may repeat.
const ONCE_PER_RUN = new Set(['START', 'COMPLETE', 'ABORT', 'FAIL']);

/** The id under which an event is stored: a redelivered event maps to the same id. */
export function eventIdOf(event: RunEvent): string {
  const discriminator = ONCE_PER_RUN.has(event.eventType) ? '' : `:${event.eventTime}`;
  return uuidv5(`${event.run.runId}:${event.job.namespace}:${event.job.name}:${event.eventType}${discriminator}`, EVENT_ID_NAMESPACE);
}

function parentRunIdOf(event: RunEvent): string | null {
  const parent = event.run.facets?.parent as { run?: { runId?: string } } | undefined;
  return parent?.run?.runId ?? null;
}

@Injectable()
export class LineageEventsService {
  constructor(private readonly repository: RunEventRepository) {}

  async storeBatch(batch: RecordBatch<RunEvent>): Promise<void> {
    await this.repository.insertIgnoringDuplicates(
      batch.messages.map(({ value: event }) => ({
        eventId: eventIdOf(event),
        runId: event.run.runId,
        parentRunId: parentRunIdOf(event),
        jobNamespace: event.job.namespace,
        jobName: event.job.name,
        eventType: event.eventType,
        eventTime: new Date(event.eventTime),
        event,
      })),
    );
  }

  async eventsOfRun(runId: string, limit: number): Promise<RunEvent[]> {
    const rows = await this.repository.findByRunOrParent(runId, limit);
    return rows.map((row) => row.event as RunEvent);
  }
}
