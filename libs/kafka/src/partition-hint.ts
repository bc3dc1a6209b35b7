import { ICustomPartitioner, Message, PartitionerArgs, Partitioners } from 'kafkajs';

/** Where a message's partition hint travels from toKafkaMessage to the partitioner; never sent. */
const PARTITION_HINT = Symbol('atlas.partitionHint');

type HintedMessage = Message & { [PARTITION_HINT]?: number };

/** Marks a Kafka message to go to partition `hint` modulo the topic's partition count. */
export function withPartitionHint(message: Message, hint: number | undefined): Message {
  if (hint !== undefined) (message as HintedMessage)[PARTITION_HINT] = hint;
  return message;
}

/**
 * Kafka's default partitioning (murmur2 of the key) unless a message carries a partition hint: a
 * stage passes on the partition it consumed, so the records of one ingestion run stay together
 * through the pipeline and each batch touches few runs (their per-run bookkeeping is per batch and
 * run). The hint is taken modulo the topic's partitions, so topics of different sizes still work.
 */
export const hintedPartitioner: ICustomPartitioner = () => {
  const byKey = Partitioners.DefaultPartitioner();
  return (args: PartitionerArgs): number => {
    const hint = (args.message as HintedMessage)[PARTITION_HINT];
    if (hint === undefined || args.message.partition !== undefined || args.partitionMetadata.length === 0) return byKey(args);
    return hint % args.partitionMetadata.length;
  };
};
