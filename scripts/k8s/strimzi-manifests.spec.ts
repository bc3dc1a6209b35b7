import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TOPIC_DEFINITIONS, TOPICS } from '@atlas/contracts';
import { consumerGroupTopics } from '@atlas/kafka';
import { repositoryRoot, serviceApps } from '../repository-root';
import { kafkaAccessFromSources } from './kafka-access';
import { Manifest, ofKind, readManifests } from './manifests';

const ROOT = repositoryRoot(__dirname);
const topics = ofKind(readManifests(ROOT, 'components/strimzi/topics.yaml'), 'KafkaTopic');
const users = ofKind(readManifests(ROOT, 'components/strimzi/users.yaml'), 'KafkaUser');

interface Acl {
  resource: { type: string; name: string; patternType?: string };
  operations: string[];
}

function aclsOf(user: Manifest): Acl[] {
  return (user.spec.authorization as { acls: Acl[] }).acls;
}

/** Names of the resources of one type on which the user may perform an operation. */
function allowed(user: Manifest, type: string, operation: string): string[] {
  return aclsOf(user)
    .filter((acl) => acl.resource.type === type && acl.operations.includes(operation))
    .map((acl) => acl.resource.name)
    .sort();
}

function user(name: string): Manifest {
  const found = users.find((candidate) => candidate.metadata.name === name);
  if (!found) throw new Error(`components/strimzi/users.yaml has no KafkaUser ${name}`);
  return found;
}

describe('Strimzi KafkaTopics (k8s/components/strimzi/topics.yaml)', () => {
  it('declare every topic of libs/contracts/src/topics.ts with its partitions and retention, and no other', () => {
    const declared = topics.map((topic) => ({
      name: topic.metadata.name,
      partitions: topic.spec.partitions,
      retentionMs: (topic.spec.config as Record<string, unknown>)['retention.ms'],
    }));
    expect(declared).toEqual(TOPIC_DEFINITIONS.map(({ name, partitions, retentionMs }) => ({ name, partitions, retentionMs })));
  });

  it('belong to the cluster `atlas`', () => {
    expect(topics.map((topic) => topic.metadata.labels?.['strimzi.io/cluster'])).toEqual(TOPIC_DEFINITIONS.map(() => 'atlas'));
  });
});

describe('Kafka access derived from the sources', () => {
  it('reads each service`s consumed and published topics', () => {
    expect(kafkaAccessFromSources(ROOT)).toEqual({
      connector: {
        read: [TOPICS.CHART_RECORDS, TOPICS.DEAD_LETTER, TOPICS.INGEST_RECORDS, TOPICS.RAW_RECORDS, TOPICS.RUN_RECORD_COUNTS],
        write: [TOPICS.DEAD_LETTER, TOPICS.EXPLORE_RECORDS, TOPICS.INGEST_RECORDS, TOPICS.LINEAGE_EVENTS, TOPICS.RUN_RECORD_COUNTS],
      },
      gateway: { read: [TOPICS.PII_FINDINGS], write: [TOPICS.DEAD_LETTER, TOPICS.INGEST_RECORDS, TOPICS.LINEAGE_EVENTS, TOPICS.RUN_RECORD_COUNTS] },
      lineage: { read: [TOPICS.LINEAGE_EVENTS], write: [TOPICS.DEAD_LETTER] },
      'pii-detection': {
        read: [TOPICS.EXPLORE_RECORDS, TOPICS.RUN_RECORD_COUNTS],
        write: [TOPICS.DEAD_LETTER, TOPICS.LINEAGE_EVENTS, TOPICS.PII_FINDINGS, TOPICS.PROTECTED_RECORDS, TOPICS.RUN_RECORD_COUNTS],
      },
      quality: {
        read: [TOPICS.PROTECTED_RECORDS, TOPICS.RUN_RECORD_COUNTS],
        write: [TOPICS.CHART_RECORDS, TOPICS.DEAD_LETTER, TOPICS.LINEAGE_EVENTS, TOPICS.RUN_RECORD_COUNTS],
      },
    });
  });
});

describe('Strimzi KafkaUsers (k8s/components/strimzi/users.yaml)', () => {
  const access = kafkaAccessFromSources(ROOT);

  it.each(Object.keys(access))('atlas-%s reads exactly the topics it consumes, as its own group, and writes exactly the topics it publishes', (app) => {
    const service = user(`atlas-${app}`);
    expect(allowed(service, 'topic', 'Read')).toEqual(access[app].read);
    expect(allowed(service, 'topic', 'Write')).toEqual(access[app].write);
    expect(allowed(service, 'group', 'Read')).toEqual(access[app].read.length > 0 ? [app] : []);
  });

  it('name topics and groups literally, except the dead-letter reader`s group prefix (no wildcard)', () => {
    const loose = users.flatMap((candidate) =>
      aclsOf(candidate)
        .filter((acl) => acl.resource.patternType !== 'literal' || acl.resource.name.includes('*'))
        .map((acl) => `${candidate.metadata.name}: ${acl.resource.type} ${acl.resource.name} (${acl.resource.patternType})`),
    );
    expect(loose).toEqual(['atlas-dead-letter-reader: group atlas-dead-letter- (prefix)']);
  });

  it('let only the connector (which stores dead letters, sealed) and the dead-letter reader read the dead-letter topic, and the setup Job only create topics', () => {
    const readers = users.filter((candidate) => allowed(candidate, 'topic', 'Read').includes(TOPICS.DEAD_LETTER));
    expect(readers.map((reader) => reader.metadata.name)).toEqual(['atlas-connector', 'atlas-dead-letter-reader']);
    expect(allowed(user('atlas-dead-letter-reader'), 'topic', 'Write')).toEqual([]);
    const setup = user('atlas-setup');
    expect([...new Set(aclsOf(setup).flatMap((acl) => acl.operations))].sort()).toEqual(['Create', 'Describe']);
    expect(allowed(setup, 'topic', 'Create')).toEqual(TOPIC_DEFINITIONS.map(({ name }) => name).sort());
  });

  it('let the gateway describe every consumer group and every topic one reads (its consumer-lag metrics read them all)', () => {
    const gateway = user('atlas-gateway');
    const groups = consumerGroupTopics();
    expect(allowed(gateway, 'group', 'Describe')).toEqual([...groups.keys()].sort());
    const consumed = [...new Set([...groups.values()].flat())].sort();
    expect(consumed.filter((topic) => !allowed(gateway, 'topic', 'Describe').includes(topic))).toEqual([]);
  });

  it('are the identity of every workload: each service and the setup Job connect as their own user, the password from its Secret', () => {
    const workloads = ['gateway', 'connector', 'pii-detection', 'quality', 'lineage', 'setup'];
    expect([...serviceApps(ROOT), 'setup'].sort()).toEqual([...workloads].sort());
    for (const workload of workloads) {
      const [patch] = readManifests(ROOT, `components/strimzi/credentials/${workload}.yaml`);
      const pod = (patch.spec.template as { spec: { containers: Array<{ env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }> }> } }).spec;
      const env = Object.fromEntries(pod.containers[0].env.map((variable) => [variable.name, variable.value ?? variable.valueFrom?.secretKeyRef]));
      expect({ workload, env }).toEqual({ workload, env: { KAFKA_SASL_USERNAME: `atlas-${workload}`, KAFKA_SASL_PASSWORD: { name: `atlas-${workload}`, key: 'password' } } });
      expect(user(`atlas-${workload}`).metadata.name).toBe(`atlas-${workload}`);
    }
  });

  it('authenticate with SCRAM-SHA-512 and belong to the cluster `atlas`', () => {
    expect(users.map((candidate) => [candidate.metadata.labels?.['strimzi.io/cluster'], (candidate.spec.authentication as { type: string }).type])).toEqual(
      users.map(() => ['atlas', 'scram-sha-512']),
    );
  });
});

describe('broker metrics: Strimzi runs the JMX exporter with the rules the local broker uses', () => {
  const readYaml = <T>(path: string): T => parse(readFileSync(join(ROOT, path), 'utf8')) as T;

  it('the Kafka `atlas` names the ConfigMap generated from deploy/monitoring/kafka-broker/jmx-exporter.yaml', () => {
    const [kafka] = ofKind(readManifests(ROOT, 'components/strimzi/kafka.yaml'), 'Kafka');
    expect((kafka.spec.kafka as { metricsConfig: unknown }).metricsConfig).toEqual({
      type: 'jmxPrometheusExporter',
      valueFrom: { configMapKeyRef: { name: 'atlas-kafka-metrics', key: 'jmx-exporter.yaml' } },
    });
    const generator = readYaml<{ kind: string; configMapGenerator: Array<{ name: string; files: string[]; options: { disableNameSuffixHash: boolean } }> }>(
      'deploy/monitoring/kafka-broker/kustomization.yaml',
    );
    expect(generator.kind).toBe('Component');
    expect(generator.configMapGenerator.map(({ name, files, options }) => ({ name, files, hash: !options.disableNameSuffixHash }))).toEqual([
      { name: 'atlas-kafka-metrics', files: ['jmx-exporter.yaml'], hash: false },
    ]);
    expect(readYaml<{ components: string[] }>('k8s/components/strimzi/kustomization.yaml').components).toEqual(['../../../deploy/monitoring/kafka-broker']);
  });

  it("a PodMonitor scrapes the cluster's metrics port as job `kafka`, the local Prometheus's name for the broker", () => {
    const [monitor] = readManifests(ROOT, 'components/prometheus-operator/pod-monitor-kafka.yaml');
    expect(monitor.kind).toBe('PodMonitor');
    expect(monitor.spec.selector).toEqual({ matchLabels: { 'strimzi.io/cluster': 'atlas', 'strimzi.io/kind': 'Kafka' } });
    const [endpoint] = monitor.spec.podMetricsEndpoints as Array<{ port: string; relabelings: Array<{ targetLabel: string; replacement?: string }> }>;
    expect(endpoint.port).toBe('tcp-prometheus');
    expect(endpoint.relabelings.find((relabeling) => relabeling.targetLabel === 'job')?.replacement).toBe('kafka');
    expect(readFileSync(join(ROOT, 'deploy/local/monitoring.sh'), 'utf8')).toContain("printf '  - job_name: kafka\\n");
    expect(readYaml<{ resources: string[] }>('k8s/components/prometheus-operator/kustomization.yaml').resources).toContain('pod-monitor-kafka.yaml');
  });
});
