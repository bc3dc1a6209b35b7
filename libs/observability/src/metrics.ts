import { Controller, Get, Header } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';
import { Public } from '@atlas/auth';
import { sourceLabel } from './bounded-labels';

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

/**
 * What each pipeline stage did with the records it consumed, by stage (the lineage job name, e.g.
 * connector.explore), source (bounded: sourceLabel) and outcome: `in` (every record consumed), `out`
 * (passed on or stored), `dead_lettered`, `quarantined` (failed its data contract). Counted once per
 * record, after its offsets could be committed.
 */
export const stageRecordsTotal = new Counter({
  name: 'atlas_stage_records_total',
  help: 'Records consumed by a pipeline stage, by stage, source and outcome (in, out, dead_lettered, quarantined)',
  labelNames: ['stage', 'source', 'outcome'] as const,
});

/** Age of a record (now minus its ingestedAt) when a stage has processed it; stage connector.navigate is the end-to-end latency. */
/** The gateway's side: records of accepted pushes, published to the ingest topic (stage gateway.ingest). */
export function countIngestedRecords(sourceId: string, count: number): void {
  const source = sourceLabel(sourceId);
  stageRecordsTotal.inc({ stage: 'gateway.ingest', source, outcome: 'in' }, count);
  stageRecordsTotal.inc({ stage: 'gateway.ingest', source, outcome: 'out' }, count);
}

export const recordAgeSeconds = new Histogram({
  name: 'atlas_record_age_seconds',
  help: 'Seconds from ingestion at the gateway to the end of a stage processing the record, by stage (connector.navigate: end-to-end, ingest to Navigate)',
  labelNames: ['stage'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
});

export const batchSizeRecords = new Histogram({
  name: 'atlas_batch_size_records',
  help: 'Messages in one consumed chunk handed to a handler, by topic',
  labelNames: ['topic'] as const,
  buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500],
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
