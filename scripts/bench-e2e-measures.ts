/** The end-to-end benchmark's pure parts: its contract and the figures computed from send and write times. */

export interface RecordWrite {
  /** When the record was handed to the producer or the gateway (ms since the epoch); undefined if not sent by this run. */
  sentAt: number | undefined;
  /** When its Navigate row was written (the writing transaction's time, ms since the epoch). */
  writtenAt: number;
}

/**
 * Which raw partition each send of the producer goes to (undefined: Kafka's default partitioner
 * spreads its records): `--partition N` every send to N; `--partition sticky` each send whole to one
 * partition, the next send to the next, round the topic's `partitionCount` partitions.
 */
export function rawPartitionOfSends(option: string, partitionCount: number): () => number | undefined {
  if (option === '') return () => undefined;
  if (option === 'sticky') {
    let sends = 0;
    return () => sends++ % partitionCount;
  }
  const partition = Number(option);
  if (!/^\d+$/.test(option) || partition >= partitionCount) throw new Error(`--partition must be sticky or a partition number of atlas.raw.records.v1 (0–${partitionCount - 1})`);
  return () => partition;
}

/** The run's record count, its warm-up's (0: none) and how long each may take to arrive, from the options' text. */
export function runSizes(records: string, warmUp: string, timeoutSeconds: string): { count: number; warmUpCount: number; timeoutSeconds: number } {
  const whole = (text: string) => (/^\d+$/.test(text) ? Number(text) : NaN);
  const count = whole(records);
  const warmUpCount = whole(warmUp);
  const timeout = Number(timeoutSeconds);
  if (!(count >= 1)) throw new Error('--records must be a positive integer');
  if (!(warmUpCount >= 0)) throw new Error('--warm-up must be a whole number of records (0: none)');
  if (timeoutSeconds.trim() === '' || !(timeout > 0)) throw new Error('--timeout-seconds must be a positive number');
  return { count, warmUpCount, timeoutSeconds: timeout };
}

/** An ODCS contract for the benchmark's source: the record shape, `id` its key, e-mail required. */
export function benchContract(sourceId: string) {
  const property = (name: string, logicalType: string, extra: Record<string, unknown> = {}) => ({ name, logicalType, ...extra });
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: `${sourceId}-contract`,
    name: sourceId,
    version: '1.0.0',
    status: 'active',
    schema: [
      {
        name: sourceId,
        physicalType: 'table',
        properties: [
          property('id', 'integer', { required: true, primaryKey: true }),
          property('name', 'string', { required: true }),
          property('email', 'string', { required: true }),
          property('phone', 'string'),
          property('city', 'string'),
          property('notes', 'string'),
          property('comments', 'string'),
          property('signup_date', 'string'),
          property('iban', 'string'),
          property('amount', 'number', { logicalTypeOptions: { minimum: 0 } }),
        ],
      },
    ],
  };
}

/** Nearest-rank percentile of ascending values. */
export function percentile(sortedAscending: number[], fraction: number): number {
  if (sortedAscending.length === 0) throw new Error('no values');
  const rank = Math.max(1, Math.ceil(fraction * sortedAscending.length));
  return sortedAscending[rank - 1];
}

export function latencySummary(writes: RecordWrite[]): { p50: number; p95: number; p99: number; max: number; measured: number } {
  const latencies = writes.filter((write) => write.sentAt !== undefined).map((write) => write.writtenAt - (write.sentAt as number));
  latencies.sort((left, right) => left - right);
  const round = (value: number) => Math.round(value);
  return {
    p50: round(percentile(latencies, 0.5)),
    p95: round(percentile(latencies, 0.95)),
    p99: round(percentile(latencies, 0.99)),
    max: round(latencies[latencies.length - 1]),
    measured: latencies.length,
  };
}

/**
 * Records/s from the first send to the last Navigate write, and the steady rate between the 10th
 * and the 90th percentile of write times (no start-up, no tail).
 */
export function throughputSummary(writes: RecordWrite[]): { endToEndSeconds: number; recordsPerSecond: number; steadyRecordsPerSecond: number } {
  const sent = writes.map((write) => write.sentAt).filter((value): value is number => value !== undefined);
  const written = writes.map((write) => write.writtenAt).sort((left, right) => left - right);
  if (sent.length === 0 || written.length === 0) throw new Error('no records were written');
  const firstSent = sent.reduce((low, value) => Math.min(low, value), Infinity);
  const seconds = (written[written.length - 1] - firstSent) / 1000;
  const low = percentile(written, 0.1);
  const high = percentile(written, 0.9);
  const steadyRecords = written.filter((time) => time > low && time <= high).length;
  const steadySeconds = (high - low) / 1000;
  return {
    endToEndSeconds: Number(seconds.toFixed(2)),
    recordsPerSecond: Math.round(written.length / Math.max(seconds, 0.001)),
    steadyRecordsPerSecond: steadySeconds > 0 ? Math.round(steadyRecords / steadySeconds) : Math.round(written.length / Math.max(seconds, 0.001)),
  };
}

/** One reading of a process's resident memory during the run. */
export interface MemorySample {
  atMs: number;
  residentMib: number;
}

/**
 * A process's resident memory over the run: first, peak and last reading, and the peak of each
 * minute since the run started (a flat series is memory that does not grow with the records).
 */
export function memorySummary(samples: readonly MemorySample[], startedAtMs: number): { first: number; peak: number; last: number; peakPerMinute: number[] } {
  if (samples.length === 0) throw new Error('no memory samples');
  const peakPerMinute: number[] = [];
  let peak = -Infinity;
  for (const { atMs, residentMib } of samples) {
    peak = Math.max(peak, residentMib);
    const minute = Math.max(0, Math.floor((atMs - startedAtMs) / 60000));
    while (peakPerMinute.length <= minute) peakPerMinute.push(-Infinity);
    peakPerMinute[minute] = Math.max(peakPerMinute[minute], residentMib);
  }
  // A minute without a reading (the sampler was starved) repeats the minute before it.
  for (let minute = 0; minute < peakPerMinute.length; minute++) {
    if (peakPerMinute[minute] === -Infinity) peakPerMinute[minute] = minute > 0 ? peakPerMinute[minute - 1] : samples[0].residentMib;
  }
  return { first: samples[0].residentMib, peak, last: samples[samples.length - 1].residentMib, peakPerMinute };
}

/**
 * How the records were cut into ingestion runs: every run carries fixed work in each stage (lineage
 * events, progress rows, its profile, quality's results), so fewer records per run cost more CPU each.
 */
export function ingestionRunSummary(runIds: readonly string[]): { count: number; recordsPerRun: number } {
  const count = new Set(runIds).size;
  return { count, recordsPerRun: count === 0 ? 0 : Number((runIds.length / count).toFixed(1)) };
}

/** A failure's message with its cause's (fetch's own message, `fetch failed`, names none). */
export function failureWithCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (!(cause instanceof Error)) return error.message;
  const code = (cause as NodeJS.ErrnoException).code;
  return `${error.message}: ${cause.message}${code ? ` (${code})` : ''}`;
}
