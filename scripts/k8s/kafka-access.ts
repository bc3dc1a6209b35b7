import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@atlas/contracts';
import { serviceApps } from '../repository-root';
import { CONSUMER_GROUPS } from '@atlas/kafka';

/** The topics one service reads (as its consumer group) and writes. */
export interface TopicAccess {
  read: string[];
  write: string[];
}

type TopicKey = keyof typeof TOPICS;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * The topics code passes to `publish(TOPICS.X`; the lineage topic when it calls the lineage
 * publisher; the lineage and run-count topics when it reports stage runs (StageRunLineage ends a
 * run by announcing its output counts) or publishes root runs (which end the same way).
 */
function writesOf(text: string, write: Set<string>): void {
  for (const match of text.matchAll(/\.publish\(\s*TOPICS\.([A-Z_]+)/g)) write.add(TOPICS[match[1] as TopicKey]);
  if (/\blineage\.publish\w*\(/.test(text)) write.add(TOPICS.LINEAGE_EVENTS);
  if (/\bstageRuns\.record\w*\(|\blineage\.publishRootRun\(/.test(text)) {
    write.add(TOPICS.LINEAGE_EVENTS);
    write.add(TOPICS.RUN_RECORD_COUNTS);
  }
}

/** What the shared ingestion library publishes on behalf of the apps that use its IngestionRunPublisher. */
function ingestionLibraryWrites(root: string): Set<string> {
  const write = new Set<string>();
  for (const file of sourceFiles(join(root, 'libs', 'ingestion', 'src'))) writesOf(readFileSync(file, 'utf8'), write);
  return write;
}

/**
 * What each app under apps/ needs from Kafka, read from its sources: it reads the topics of its
 * @EventPattern handlers (CONSUMER_GROUPS, checked against the handlers by
 * scripts/monitoring/consumer-groups.spec.ts); it writes the topics it passes to `publish(TOPICS.X`,
 * the lineage topic when it calls the lineage publisher, what libs/ingestion publishes when it uses
 * its IngestionRunPublisher, and the dead-letter topic when it consumes (a consumer dead-letters
 * what it cannot accept).
 */
export function kafkaAccessFromSources(root: string): Record<string, TopicAccess> {
  const access: Record<string, TopicAccess> = {};
  const ingestionWrites = ingestionLibraryWrites(root);
  for (const app of serviceApps(root)) {
    const read = Object.entries(CONSUMER_GROUPS)
      .filter(([, groups]) => groups.includes(app))
      .map(([topic]) => topic);
    const write = new Set<string>();
    for (const file of sourceFiles(join(root, 'apps', app, 'src'))) {
      const text = readFileSync(file, 'utf8');
      writesOf(text, write);
      if (/\bIngestionRunPublisher\b/.test(text)) for (const topic of ingestionWrites) write.add(topic);
    }
    if (read.length > 0) write.add(TOPICS.DEAD_LETTER);
    access[app] = { read: read.sort(), write: [...write].sort() };
  }
  return access;
}
