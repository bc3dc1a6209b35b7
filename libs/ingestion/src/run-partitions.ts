/** Consecutive records of a run that share a partition. */
export const RUN_PARTITION_CHUNK = 5_000;

/**
 * The partition hint of the record at `index` of a run published by Atlas itself (a push, a
 * connector run): the run's records go to the ingest topic in chunks of RUN_PARTITION_CHUNK, each
 * chunk on one partition, so every stage gets a run's records in large batches that touch one run
 * (per-run bookkeeping is per batch and run), while a long run still spreads over the partitions
 * chunk by chunk. Keyed partitioning instead scattered a 500-record push over every partition.
 * Read off the run id's last 32 bits: random in a v7 id, hashed in a v5 one (its first bits are a
 * timestamp in v7, the same for every run of a minute).
 */
export function runPartitionHint(runId: string, index: number): number {
  return Number.parseInt(runId.slice(-8), 16) + Math.floor(index / RUN_PARTITION_CHUNK);
}
