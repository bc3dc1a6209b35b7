import { Logger } from '@nestjs/common';
import { Admin } from 'kafkajs';
import { Gauge } from 'prom-client';
import { createKafkaClient, KafkaConnection } from './kafka-client';

export interface PartitionLag {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

/** What the admin API answers: a group's committed offsets ('-1' = none yet) and each partition's log end. */
export interface CommittedOffsets {
  topic: string;
  partitions: Array<{ partition: number; offset: string }>;
}
export interface TopicEndOffsets {
  topic: string;
  partitions: Array<{ partition: number; high: string; low: string }>;
}

/**
 * Messages not yet consumed by the group, per partition: log end minus committed offset. A
 * partition the group never committed counts from the log start (the consumers read from the beginning).
 */
export function consumerLag(group: string, committed: CommittedOffsets[], ends: TopicEndOffsets[]): PartitionLag[] {
  const committedBy = new Map<string, number>();
  for (const topic of committed) {
    for (const partition of topic.partitions) committedBy.set(`${topic.topic}:${partition.partition}`, Number(partition.offset));
  }
  const lags: PartitionLag[] = [];
  for (const topic of ends) {
    for (const partition of topic.partitions) {
      const offset = committedBy.get(`${topic.topic}:${partition.partition}`) ?? -1;
      const from = offset >= 0 ? offset : Number(partition.low);
      lags.push({ group, topic: topic.topic, partition: partition.partition, lag: Math.max(0, Number(partition.high) - from) });
    }
  }
  return lags;
}

/** Reads one consumer group's lag from the broker (not from the consumer: a stuck consumer must not hide its lag). */
export class ConsumerLagReader {
  private readonly logger = new Logger(ConsumerLagReader.name);
  private admin?: Promise<Admin>;

  constructor(
    private readonly connection: KafkaConnection,
    readonly group: string,
    private readonly topics: string[],
  ) {}

  async read(): Promise<PartitionLag[]> {
    const admin = await this.connected();
    const [committed, ...ends] = await Promise.all([
      admin.fetchOffsets({ groupId: this.group, topics: this.topics }),
      ...this.topics.map(async (topic) => ({ topic, partitions: (await admin.fetchTopicOffsets(topic)).map(({ partition, high, low }) => ({ partition, high, low })) })),
    ]);
    return consumerLag(this.group, committed, ends);
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = createKafkaClient(this.connection, `${this.group}-lag`).admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch((error: unknown) => {
        this.logger.warn(`Could not connect to read consumer lag: ${(error as Error).name}`);
        this.admin = undefined;
      });
    }
    return this.admin;
  }
}

/** A scrape never waits longer than this for the broker (scrape timeouts can be 1 s); the lag series are absent from that scrape instead. */
export const LAG_READ_TIMEOUT_MS = 750;
const readers = new Set<ConsumerLagReader>();

export function reportConsumerLag(reader: ConsumerLagReader): void {
  readers.add(reader);
}

export function stopReportingConsumerLag(reader: ConsumerLagReader): void {
  readers.delete(reader);
}

async function readWithin<T>(read: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(undefined), timeoutMs)));
  try {
    return await Promise.race([read.catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Read from the broker on every scrape, for the groups registered with reportConsumerLag (the gateway registers all). */
export const consumerLagMessages = new Gauge({
  name: 'atlas_consumer_lag_messages',
  help: 'Messages on the broker not yet consumed (log end minus committed offset), by consumer group, topic and partition; reported by the gateway for every group',
  labelNames: ['group', 'topic', 'partition'] as const,
  async collect() {
    this.reset();
    const results = await Promise.all([...readers].map((reader) => readWithin(reader.read(), LAG_READ_TIMEOUT_MS)));
    for (const lags of results) {
      for (const { group, topic, partition, lag } of lags ?? []) this.set({ group, topic, partition: String(partition) }, lag);
    }
  },
});
