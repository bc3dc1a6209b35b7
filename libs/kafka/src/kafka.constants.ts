/** Injection token: the name of the running service, used in client ids and lineage producers. */
export const KAFKA_SERVICE_NAME = 'ATLAS_KAFKA_SERVICE_NAME';

/**
 * A consumer's fetch waits until the broker has this many bytes for it, or FETCH_MAX_WAIT_MS: under
 * load each stage takes fuller batches in fewer requests (kafkajs's 1 byte answered every fetch as
 * soon as one record was there), and a trickle waits at most FETCH_MAX_WAIT_MS a hop (docs/benchmarks.md).
 */
export const FETCH_MIN_BYTES = 64 * 1024;
export const FETCH_MAX_WAIT_MS = 100;
