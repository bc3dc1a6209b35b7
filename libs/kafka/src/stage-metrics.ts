import { ConsumedTopic, isConsumedTopic, LINEAGE_JOBS, TOPICS } from '@atlas/contracts';
import { recordAgeSeconds, sourceLabel, stageRecordsTotal } from '@atlas/observability';

/** The stage each consumed topic feeds, named like its lineage job. */
export const CONSUMER_STAGES: { [Topic in ConsumedTopic]: string } = {
  [TOPICS.RAW_RECORDS]: 'connector.raw',
  [TOPICS.INGEST_RECORDS]: LINEAGE_JOBS.CONNECTOR_EXPLORE,
  [TOPICS.EXPLORE_RECORDS]: LINEAGE_JOBS.PII_PROTECT,
  [TOPICS.PROTECTED_RECORDS]: LINEAGE_JOBS.QUALITY_VALIDATE,
  [TOPICS.CHART_RECORDS]: LINEAGE_JOBS.CONNECTOR_NAVIGATE,
  [TOPICS.PII_FINDINGS]: 'gateway.findings',
  [TOPICS.LINEAGE_EVENTS]: 'lineage.store',
  [TOPICS.RUN_RECORD_COUNTS]: 'lineage.run-counts',
  [TOPICS.DEAD_LETTER]: 'connector.dead-letters',
};

/**
 * The consumer groups reading each topic (a service's group id is its name): one per topic, but the
 * run counts, which every stage reads. The gateway reads their lag from the broker
 * (atlas_consumer_lag_messages), so a stopped stage still shows its lag.
 */
export const CONSUMER_GROUPS: { [Topic in ConsumedTopic]: readonly string[] } = {
  [TOPICS.RAW_RECORDS]: ['connector'],
  [TOPICS.INGEST_RECORDS]: ['connector'],
  [TOPICS.EXPLORE_RECORDS]: ['pii-detection'],
  [TOPICS.PROTECTED_RECORDS]: ['quality'],
  [TOPICS.CHART_RECORDS]: ['connector'],
  [TOPICS.PII_FINDINGS]: ['gateway'],
  [TOPICS.LINEAGE_EVENTS]: ['lineage'],
  [TOPICS.RUN_RECORD_COUNTS]: ['connector', 'pii-detection', 'quality'],
  [TOPICS.DEAD_LETTER]: ['connector'],
};

/** Each consumer group with the topics it reads. */
export function consumerGroupTopics(): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [topic, topicGroups] of Object.entries(CONSUMER_GROUPS)) {
    for (const group of topicGroups) groups.set(group, [...(groups.get(group) ?? []), topic]);
  }
  return groups;
}

export type StageOutcome = 'out' | 'dead_lettered' | 'quarantined';

export interface StageOutcomeEntry {
  outcome: StageOutcome;
  /** The consumed payload when it could be read (its sourceId and ingestedAt are used), else undefined. */
  value?: unknown;
  sourceId?: string;
}

export function stageOf(topic: string): string {
  return isConsumedTopic(topic) ? CONSUMER_STAGES[topic] : topic;
}

function fieldOf(value: unknown, field: 'sourceId' | 'ingestedAt'): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = (value as Record<string, unknown>)[field];
  return typeof candidate === 'string' ? candidate : undefined;
}

/**
 * Counts what a stage did with one chunk: every record `in`, plus its outcome, by source; for each
 * record passed on, its age since ingestion (for connector.navigate: the end-to-end latency).
 */
export function countStageOutcomes(topic: string, entries: StageOutcomeEntry[], now: number = Date.now()): void {
  const stage = stageOf(topic);
  const counts = new Map<string, { source: string; outcome: StageOutcome | 'in'; count: number }>();
  const add = (source: string, outcome: StageOutcome | 'in') => {
    const key = `${source}\u0000${outcome}`;
    const entry = counts.get(key) ?? { source, outcome, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  };
  for (const entry of entries) {
    const source = sourceLabel(entry.sourceId ?? fieldOf(entry.value, 'sourceId'));
    add(source, 'in');
    add(source, entry.outcome);
    const ingestedAt = entry.outcome === 'out' ? Date.parse(fieldOf(entry.value, 'ingestedAt') ?? '') : NaN;
    if (Number.isFinite(ingestedAt)) recordAgeSeconds.observe({ stage }, Math.max(0, (now - ingestedAt) / 1000));
  }
  for (const { source, outcome, count } of counts.values()) stageRecordsTotal.inc({ stage, source, outcome }, count);
}
