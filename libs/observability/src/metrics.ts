import { Controller, Get, Header } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';
import { Public } from '@atlas/auth';

let defaultMetricsStarted = false;

export function startDefaultMetrics(serviceName: string): void {
  if (defaultMetricsStarted) return;
  defaultMetricsStarted = true;
  register.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics();
}

export const recordsConsumedTotal = new Counter({
  name: 'atlas_records_consumed_total',
  help: 'Kafka messages consumed, by topic and outcome (processed or dead_lettered)',
  labelNames: ['topic', 'outcome'] as const,
});

export const batchDurationSeconds = new Histogram({
  name: 'atlas_batch_duration_seconds',
  help: 'Time to process one consumed batch, by topic',
  labelNames: ['topic'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const recordsPublishedTotal = new Counter({
  name: 'atlas_records_published_total',
  help: 'Kafka messages published, by topic',
  labelNames: ['topic'] as const,
});

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

/** Prometheus scrape endpoint; deliberately public inside the cluster like the health probes. */
@Controller('metrics')
export class MetricsController {
  @Public()
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}
