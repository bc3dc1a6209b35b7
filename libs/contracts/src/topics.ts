/**
 * Kafka topics, one per pipeline stage. The version suffix changes only with an incompatible payload
 * change, so old and new consumers can run side by side during a migration.
 */
export const TOPICS = {
  /**
   * Raw JSON values written by any external producer, with an `atlas-source-id` header (optional
   * `atlas-record-key`); the connector validates them and wraps them into envelopes. Raw PII.
   */
  RAW_RECORDS: 'atlas.raw.records.v1',
  /** Raw records pushed through the gateway or read by source connectors. Explore layer: raw PII. */
  INGEST_RECORDS: 'atlas.ingest.records.v1',
  /** Records written to the Explore store, checksummed. Explore layer: raw PII. */
  EXPLORE_RECORDS: 'atlas.explore.records.v1',
  /** Records after PII protection; nothing downstream of this topic holds raw personal data. */
  PROTECTED_RECORDS: 'atlas.protected.records.v1',
  /** Records that passed their data contract (the Chart layer), ready for sink connectors. */
  CHART_RECORDS: 'atlas.chart.records.v1',
  /** What PII detection found in each record: types, fields, offsets and scores, never values. */
  PII_FINDINGS: 'atlas.pii.findings.v1',
  /** OpenLineage events: RunEvents emitted by every stage, and any event posted to the gateway's /api/v1/lineage. */
  LINEAGE_EVENTS: 'atlas.lineage.events.v1',
  /** How many records of an ingestion run a job wrote to a record topic, once it is done (see RunRecordCount). Metadata. */
  RUN_RECORD_COUNTS: 'atlas.run-record-counts.v1',
  /** Messages a consumer could not accept, with the reason and their source position. */
  DEAD_LETTER: 'atlas.dead-letter.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicDefinition {
  name: TopicName;
  partitions: number;
  /** Explicit retention; the dead-letter topic keeps messages until someone has looked at them. */
  retentionMs: number;
}

const SEVEN_DAYS_MS = 7 * 24 * 60 * 60 * 1000;
const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

/** Partition counts bound how many replicas of a consumer can share the load. */
export const TOPIC_DEFINITIONS: readonly TopicDefinition[] = [
  { name: TOPICS.RAW_RECORDS, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: TOPICS.INGEST_RECORDS, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: TOPICS.EXPLORE_RECORDS, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: TOPICS.PROTECTED_RECORDS, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: TOPICS.CHART_RECORDS, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: TOPICS.PII_FINDINGS, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: TOPICS.LINEAGE_EVENTS, partitions: 3, retentionMs: SEVEN_DAYS_MS },
  { name: TOPICS.RUN_RECORD_COUNTS, partitions: 6, retentionMs: SEVEN_DAYS_MS },
  { name: TOPICS.DEAD_LETTER, partitions: 6, retentionMs: THIRTY_DAYS_MS },
];
