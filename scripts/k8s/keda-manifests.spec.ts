import { TOPIC_DEFINITIONS } from '@atlas/contracts';
import { consumerGroupTopics } from '@atlas/kafka';
import { repositoryRoot } from '../repository-root';
import { ofKind, readManifests } from './manifests';

const ROOT = repositoryRoot(__dirname);
const scaledObjects = ofKind(readManifests(ROOT, 'components/keda/scaled-objects.yaml'), 'ScaledObject');
const partitions = new Map(TOPIC_DEFINITIONS.map(({ name, partitions: count }) => [name as string, count]));

interface KafkaTrigger {
  type: string;
  metadata: { consumerGroup: string; topic: string; bootstrapServers: string };
}

// The gateway is a consumer too, but it scales on CPU (overlays/prod/gateway-hpa.yaml).
const lagScaled = [...consumerGroupTopics()].filter(([group]) => group !== 'gateway');

describe('KEDA ScaledObjects (k8s/components/keda/scaled-objects.yaml)', () => {
  it('scale every consumer service but the gateway, one ScaledObject each', () => {
    expect(scaledObjects.map((object) => (object.spec.scaleTargetRef as { name: string }).name).sort()).toEqual(lagScaled.map(([group]) => group).sort());
  });

  it.each(lagScaled)('%s: one Kafka lag trigger per consumed topic, as its own consumer group', (group, topics) => {
    const object = scaledObjects.find((candidate) => (candidate.spec.scaleTargetRef as { name: string }).name === group);
    const triggers = (object?.spec.triggers ?? []) as KafkaTrigger[];
    expect(triggers.map((trigger) => [trigger.type, trigger.metadata.consumerGroup, trigger.metadata.topic])).toEqual(
      topics.map((topic) => ['kafka', group, topic]),
    );
  });

  it.each(lagScaled)('%s: maxReplicaCount never exceeds the partitions of the topics it consumes', (group, topics) => {
    const object = scaledObjects.find((candidate) => (candidate.spec.scaleTargetRef as { name: string }).name === group);
    const limit = Math.min(...topics.map((topic) => partitions.get(topic) ?? 0));
    expect(object?.spec.maxReplicaCount).toBeLessThanOrEqual(limit);
    expect(object?.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
  });
});
