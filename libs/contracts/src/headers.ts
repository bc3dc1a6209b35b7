import { TOPICS } from './topics';

/** Kafka header names. Trace context uses the W3C names so any OpenTelemetry propagator reads it. */
export const KAFKA_HEADERS = {
  TRACEPARENT: 'traceparent',
  TRACESTATE: 'tracestate',
  RUN_ID: 'atlas-run-id',
  SOURCE_ID: 'atlas-source-id',
  /** The record's `position.index` in its run, on every record envelope (with RUN_ID and SOURCE_ID). */
  POSITION_INDEX: 'atlas-position-index',
  /** Set by an external producer on atlas.raw.records.v1: a stable business key the record id is derived from. */
  RECORD_KEY: 'atlas-record-key',
  DEAD_LETTER_REASON: 'atlas-dead-letter-reason',
  DEAD_LETTER_SERVICE: 'atlas-dead-letter-service',
} as const;

/** The topics whose messages are record envelopes of an ingestion run. */
export const ENVELOPE_TOPICS: ReadonlySet<string> = new Set([TOPICS.INGEST_RECORDS, TOPICS.EXPLORE_RECORDS, TOPICS.PROTECTED_RECORDS, TOPICS.CHART_RECORDS]);

/**
 * A record envelope's run, source and position, repeated as headers: a consumer that cannot parse
 * the value (corrupted, truncated) still knows which run and position it was, so the stage counts it
 * as dead-lettered and its run still ends. Empty for a value that is not an envelope.
 */
export function envelopePositionHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  const { runId, sourceId, position } = value as { runId?: unknown; sourceId?: unknown; position?: { index?: unknown } };
  const index = typeof position === 'object' && position !== null ? position.index : undefined;
  if (typeof runId !== 'string' || typeof sourceId !== 'string' || typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) return {};
  return { [KAFKA_HEADERS.RUN_ID]: runId, [KAFKA_HEADERS.SOURCE_ID]: sourceId, [KAFKA_HEADERS.POSITION_INDEX]: String(index) };
}
