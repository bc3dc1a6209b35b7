import { Counter, Gauge } from 'prom-client';

/** Records dead-lettered after the consumer isolated them as the cause of a permanent failure. */
export const recordsIsolatedTotal = new Counter({
  name: 'atlas_records_isolated_total',
  help: 'Records isolated from a failing batch and dead-lettered, by topic and error class',
  labelNames: ['topic', 'error_class'] as const,
});

/** Handler retries after a transient (or not yet recognised) failure. */
export const consumerRetriesTotal = new Counter({
  name: 'atlas_consumer_retries_total',
  help: 'Batch retries after a failure, by topic, failure kind (transient or unknown) and error class',
  labelNames: ['topic', 'kind', 'error_class'] as const,
});

/** Partitions retrying a transient failure past the bound, i.e. waiting for a dependency. */
export const partitionsWaiting = new Gauge({
  name: 'atlas_consumer_partitions_waiting',
  help: 'Partitions waiting for a dependency (retries past the bound), by topic',
  labelNames: ['topic'] as const,
});
