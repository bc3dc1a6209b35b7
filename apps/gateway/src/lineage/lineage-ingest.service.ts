import { BadRequestException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { isDatasetEvent, isRunEvent, OpenLineageEvent, OpenLineageViolation, TOPICS, validateOpenLineageEvent } from '@atlas/contracts';
import { KafkaPublisher, MessageTooLargeError } from '@atlas/kafka';
import { activeContext } from '@atlas/observability';
import { GatewayEnvironment } from '../gateway-environment';

/** At most this many refused events are listed in a 400; the count names them all. */
const MAX_LISTED_REFUSALS = 20;

export interface RefusedEvent {
  index: number;
  violations: OpenLineageViolation[];
}

/** Events of one run share a partition (in order); job and dataset events are keyed by what they describe. */
export function partitionKeyOf(event: OpenLineageEvent): string {
  if (isRunEvent(event)) return event.run.runId;
  if (isDatasetEvent(event)) return `dataset:${event.dataset.namespace}:${event.dataset.name}`;
  return `job:${event.job.namespace}:${event.job.name}`;
}

/**
 * OpenLineage events posted over HTTP (the official clients' HTTP transport): validated all or
 * nothing against the 2-0-2 schema and the facet schemas, then published to the lineage topic, where
 * the lineage service stores and normalises them like the stages' own events.
 */
@Injectable()
export class LineageIngestService {
  constructor(
    private readonly environment: GatewayEnvironment,
    private readonly publisher: KafkaPublisher,
  ) {}

  async ingest(body: unknown): Promise<{ accepted: number }> {
    const events = Array.isArray(body) ? (body as unknown[]) : [body];
    if (events.length === 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', code: 'openlineage_empty', message: 'The batch holds no event' });
    const limit = this.environment.MAX_LINEAGE_EVENTS_PER_REQUEST;
    if (events.length > limit) {
      throw new PayloadTooLargeException({
        statusCode: 413,
        error: 'Payload Too Large',
        code: 'openlineage_too_many_events',
        message: `The batch holds ${events.length} events, over the limit of ${limit} (MAX_LINEAGE_EVENTS_PER_REQUEST)`,
      });
    }
    const valid: OpenLineageEvent[] = [];
    const refused: RefusedEvent[] = [];
    events.forEach((candidate, index) => {
      const result = validateOpenLineageEvent(candidate);
      if (result.valid) valid.push(result.value);
      else refused.push({ index, violations: result.violations });
    });
    if (refused.length > 0) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        code: 'openlineage_invalid',
        message: `${refused.length} of ${events.length} events are not valid OpenLineage 2-0-2 events; none was accepted`,
        refused: refused.slice(0, MAX_LISTED_REFUSALS),
      });
    }
    const traceContext = activeContext();
    try {
      await this.publisher.publish(
        TOPICS.LINEAGE_EVENTS,
        valid.map((event) => ({ key: partitionKeyOf(event), value: event, traceContext })),
      );
    } catch (error) {
      if (error instanceof MessageTooLargeError) {
        throw new PayloadTooLargeException({
          statusCode: 413,
          error: 'Payload Too Large',
          code: 'openlineage_event_too_large',
          message: `An event of ${error.sizeBytes} bytes is over the ${error.limitBytes}-byte message limit (KAFKA_MAX_MESSAGE_BYTES); none was accepted`,
        });
      }
      throw error;
    }
    return { accepted: valid.length };
  }
}
