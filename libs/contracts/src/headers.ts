/** Kafka header names. Trace context uses the W3C names so any OpenTelemetry propagator reads it. */
export const KAFKA_HEADERS = {
  TRACEPARENT: 'traceparent',
  TRACESTATE: 'tracestate',
  RUN_ID: 'atlas-run-id',
  SOURCE_ID: 'atlas-source-id',
  /** Set by an external producer on atlas.raw.records.v1: a stable business key the record id is derived from. */
  RECORD_KEY: 'atlas-record-key',
  DEAD_LETTER_REASON: 'atlas-dead-letter-reason',
  DEAD_LETTER_SERVICE: 'atlas-dead-letter-service',
} as const;
