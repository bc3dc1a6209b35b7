import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@atlas/contracts';
import { CONSUMER_GROUPS, consumerGroupTopics } from '@atlas/kafka';

const APPS = join(__dirname, '../../apps');

/** topic → consuming apps, from the @EventPattern(TOPICS.X) handlers in each app's sources. */
function consumedTopicsInSources(): Record<string, string[]> {
  const consumed: Record<string, string[]> = {};
  const walk = (app: string, directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(app, path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/@EventPattern\(TOPICS\.([A-Z_]+)\)/g)) {
          const topic = TOPICS[match[1] as keyof typeof TOPICS];
          consumed[topic] = [...new Set([...(consumed[topic] ?? []), app])].sort();
        }
      }
    }
  };
  for (const app of readdirSync(APPS)) walk(app, join(APPS, app, 'src'));
  return consumed;
}

describe('CONSUMER_GROUPS', () => {
  it('names, for every consumed topic, the apps whose handlers consume it (its group id is its name)', () => {
    expect(CONSUMER_GROUPS).toEqual(consumedTopicsInSources());
  });

  it('groups the topics by consumer group', () => {
    expect(Object.fromEntries(consumerGroupTopics())).toEqual({
      connector: [TOPICS.RAW_RECORDS, TOPICS.INGEST_RECORDS, TOPICS.CHART_RECORDS, TOPICS.RUN_RECORD_COUNTS, TOPICS.DEAD_LETTER],
      'pii-detection': [TOPICS.EXPLORE_RECORDS, TOPICS.RUN_RECORD_COUNTS],
      quality: [TOPICS.PROTECTED_RECORDS, TOPICS.RUN_RECORD_COUNTS],
      gateway: [TOPICS.PII_FINDINGS],
      lineage: [TOPICS.LINEAGE_EVENTS],
    });
  });
});
