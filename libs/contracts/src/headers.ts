/** Kafka header names. Trace context uses the W3C names so any OpenTelemetry propagator reads it. */
export const KAFKA_HEADERS = {
  TRACEPARENT: 'traceparent',
  TRACESTATE: 'tracestate',
  RUN_ID: 'atlas-run-id',
  SOURCE_ID: 'atlas-source-id',
  DEAD_LETTER_REASON: 'atlas-dead-letter-reason',
  DEAD_LETTER_SERVICE: 'atlas-dead-letter-service',
} as const;
