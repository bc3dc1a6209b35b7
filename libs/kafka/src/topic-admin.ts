import { TOPIC_DEFINITIONS } from '@atlas/contracts';
import { createKafkaClient, KafkaConnection } from './kafka-client';

/**
 * Creates every Atlas topic with its partition count (brokers run with auto-creation off).
 * Existing topics are left as they are; returns the names it created.
 */
export async function ensureTopics(connection: KafkaConnection): Promise<string[]> {
  const admin = createKafkaClient(connection, 'atlas-setup').admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = TOPIC_DEFINITIONS.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        timeout: 30000,
        topics: missing.map((topic) => ({
          topic: topic.name,
          numPartitions: topic.partitions,
          replicationFactor: -1,
          configEntries: [{ name: 'retention.ms', value: String(topic.retentionMs) }],
        })),
      });
    }
    return missing.map((topic) => topic.name);
  } finally {
    await admin.disconnect();
  }
}
