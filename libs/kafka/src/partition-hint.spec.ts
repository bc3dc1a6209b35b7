import { Message, PartitionMetadata, Partitioners } from 'kafkajs';
import { hintedPartitioner, withPartitionHint } from './partition-hint';

function partitions(count: number): PartitionMetadata[] {
  return Array.from({ length: count }, (_unused, partitionId) => ({ partitionId, leader: 1, replicas: [1], isr: [1], partitionErrorCode: 0 }));
}

describe('hintedPartitioner', () => {
  const partition = hintedPartitioner();
  const byKey = Partitioners.DefaultPartitioner();

  it('sends a hinted message to the hinted partition, modulo the topic’s partitions', () => {
    const message = withPartitionHint({ key: 'record-1', value: '{}' }, 4);
    expect(partition({ topic: 'atlas.explore.records.v1', partitionMetadata: partitions(6), message })).toBe(4);
    expect(partition({ topic: 'atlas.explore.records.v1', partitionMetadata: partitions(3), message })).toBe(1);
  });

  it('partitions by key as Kafka does when there is no hint, and keeps an explicit partition', () => {
    const keys = ['record-1', 'record-2', 'record-3', 'record-4'];
    for (const key of keys) {
      const message: Message = { key, value: '{}' };
      expect(partition({ topic: 't', partitionMetadata: partitions(6), message })).toBe(byKey({ topic: 't', partitionMetadata: partitions(6), message }));
    }
    expect(new Set(keys.map((key) => partition({ topic: 't', partitionMetadata: partitions(6), message: { key, value: '{}' } }))).size).toBeGreaterThan(1);
    expect(partition({ topic: 't', partitionMetadata: partitions(6), message: withPartitionHint({ key: 'k', value: '{}', partition: 2 }, 5) })).toBe(2);
  });

  it('keeps the hint off the wire: not a key, value or header of the message', () => {
    const message = withPartitionHint({ key: 'record-1', value: '{}', headers: {} }, 3);
    expect(Object.keys(message)).toEqual(['key', 'value', 'headers']);
    expect(JSON.stringify(message)).toBe('{"key":"record-1","value":"{}","headers":{}}');
  });
});
