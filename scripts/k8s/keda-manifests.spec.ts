import { TOPIC_DEFINITIONS } from '@atlas/contracts';
import { consumerGroupTopics } from '@atlas/kafka';
import { repositoryRoot } from '../repository-root';
import { ofKind, readManifests } from './manifests';

const ROOT = repositoryRoot(__dirname);
const scaledObjects = ofKind(readManifests(ROOT, 'components/keda/scaled-objects.yaml'), 'ScaledObject');
const partitions = new Map(TOPIC_DEFINITIONS.map(({ name, partitions: count }) => [name as string, count]));

interface KafkaTrigger {
  type: string;
  authenticationRef?: { name: string };
  metadata: { consumerGroup: string; topic: string; bootstrapServers: string; sasl?: string; tls?: string };
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

  it('authenticate as the KafkaUser atlas-keda (SCRAM-SHA-512 over TLS) on the `scram` listener', () => {
    const triggers = scaledObjects.flatMap((object) => object.spec.triggers as KafkaTrigger[]);
    expect(new Set(triggers.map((trigger) => JSON.stringify([trigger.authenticationRef, trigger.metadata.bootstrapServers, trigger.metadata.sasl, trigger.metadata.tls])))).toEqual(
      new Set([JSON.stringify([{ name: 'atlas-kafka' }, 'atlas-kafka-bootstrap:9094', 'scram_sha512', 'enable'])]),
    );
    const [authentication] = ofKind(readManifests(ROOT, 'components/keda/trigger-authentication.yaml'), 'TriggerAuthentication');
    expect(authentication.metadata.name).toBe('atlas-kafka');
    expect(authentication.spec.secretTargetRef).toEqual([
      { parameter: 'username', name: 'atlas-keda-kafka-user', key: 'username' },
      { parameter: 'password', name: 'atlas-keda', key: 'password' },
      { parameter: 'ca', name: 'atlas-cluster-ca-cert', key: 'ca.crt' },
    ]);
  });

  it('let atlas-keda describe exactly the groups and topics of the triggers, and nothing else', () => {
    const triggers = scaledObjects.flatMap((object) => object.spec.triggers as KafkaTrigger[]);
    const keda = ofKind(readManifests(ROOT, 'components/strimzi/users.yaml'), 'KafkaUser').find((user) => user.metadata.name === 'atlas-keda');
    const acls = (keda?.spec.authorization as { acls: Array<{ resource: { type: string; name: string; patternType: string }; operations: string[] }> }).acls;
    expect([...new Set(acls.flatMap((acl) => acl.operations))]).toEqual(['Describe']);
    expect(new Set(acls.map((acl) => `${acl.resource.patternType} ${acl.resource.type} ${acl.resource.name}`))).toEqual(
      new Set([...triggers.map((trigger) => `literal group ${trigger.metadata.consumerGroup}`), ...triggers.map((trigger) => `literal topic ${trigger.metadata.topic}`)]),
    );
  });

  it.each(lagScaled)('%s: maxReplicaCount never exceeds the partitions of the topics it consumes', (group, topics) => {
    const object = scaledObjects.find((candidate) => (candidate.spec.scaleTargetRef as { name: string }).name === group);
    const limit = Math.min(...topics.map((topic) => partitions.get(topic) ?? 0));
    expect(object?.spec.maxReplicaCount).toBeLessThanOrEqual(limit);
    expect(object?.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
  });
});
