import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Consumer, Kafka, KafkaMessage, LogEntry } from 'kafkajs';
import { KafkaClientEnvironment, validateEnvironment } from '@atlas/config';
import { computeChecksum, DeadLetter, TOPICS } from '@atlas/contracts';
import { runMigrations } from '@atlas/database';
import { consumerGroupTopics, ConsumerLagReader, createKafkaClient, ensureTopics, kafkaClientConfig, kafkaConnection, KafkaConnection } from '@atlas/kafka';
import { REPOSITORY_ROOT, SecuredKafkaBroker, serviceEnvironment, StrimziAcl, ServiceProcess, testDatabase, testInfrastructure, testLogDirectory, waitFor } from '@atlas/testing';
import { ofKind, readManifests } from '../../../scripts/k8s/manifests';

// Its own broker (not the shared test broker): SCRAM-SHA-512 listener, ACLs on, the KafkaUsers and
// ACLs of k8s/components/strimzi/users.yaml exactly as Strimzi's User Operator would create them.
// Below the kernel's ephemeral range (32768–60999): a client socket there could hold a port the broker needs.
const PORTS = { plain: 28092, controller: 28093, sasl: 28094 };
const LOG_DIRECTORY = join(testLogDirectory(), 'kafka-authentication');
const RUN_ID = '0190b8a4-5a51-7000-8000-000000000001';
const RECORDS = 5;

const users = ofKind(readManifests(REPOSITORY_ROOT, 'components/strimzi/users.yaml'), 'KafkaUser').map((user) => ({
  name: user.metadata.name,
  acls: (user.spec.authorization as { acls: StrimziAcl[] }).acls,
}));

const recordIdOf = (index: number) => `0190b8a4-5a52-7000-8000-${String(index).padStart(12, '0')}`;

function ingestEnvelope(index: number): string {
  const payload = { id: index, city: 'Lyon' };
  return JSON.stringify({
    recordId: recordIdOf(index),
    sourceId: 'kafka-authentication',
    runId: RUN_ID,
    position: { index, total: RECORDS },
    ingestedAt: new Date().toISOString(),
    checksum: computeChecksum(payload),
    payload,
  });
}

/** Reads `topic` from the beginning as `groupId` until `enough`; the consumer is always disconnected. */
async function readAs(connection: KafkaConnection, groupId: string, topic: string, enough: (messages: KafkaMessage[]) => boolean): Promise<KafkaMessage[]> {
  const consumer: Consumer = createKafkaClient(connection, `e2e-${groupId}`).consumer({ groupId });
  const messages: KafkaMessage[] = [];
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
    await waitFor(() => enough(messages), { timeoutMs: 60000, intervalMs: 250, description: `messages on ${topic}` });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * How the broker refuses `consumer` the topic: the error of its subscription (no Describe) or of its
 * first fetch or group join (the consumer crashes); the consumer is always disconnected.
 */
async function refusalOf(consumer: Consumer, topic: string): Promise<string> {
  const crashed = new Promise<Error>((resolveCrash) => consumer.on(consumer.events.CRASH, ({ payload }) => resolveCrash(payload.error)));
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async () => {
        throw new Error(`a message of ${topic} was read`);
      },
    });
    const timedOut = new Promise<Error>((resolveTimeout) => (timer = setTimeout(() => resolveTimeout(new Error('no refusal within 30 s')), 30000)));
    return (await Promise.race([crashed, timedOut])).message;
  } catch (error) {
    return (error as Error).message;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}

describe('Kafka authentication: each service as its own KafkaUser (SCRAM-SHA-512, ACLs enforced)', () => {
  const broker = new SecuredKafkaBroker({ stateDirectory: join(REPOSITORY_ROOT, '.atlas', 'test-kafka-sasl'), ports: PORTS, users });
  let connector: ServiceProcess | undefined;

  /** A connection as the services build it: validated from the same variables, then kafkaConnection. */
  const connectionAs = (user: string, password = broker.passwordOf(user)) =>
    kafkaConnection(
      validateEnvironment(KafkaClientEnvironment, {
        KAFKA_BROKERS: broker.saslBrokers.join(','),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: user,
        KAFKA_SASL_PASSWORD: password,
      }),
    );
  const connectorProcess = (password: string, httpPort: number, logDirectory: string) =>
    new ServiceProcess({
      name: 'connector',
      httpPort,
      logDirectory,
      environment: {
        ...serviceEnvironment(),
        KAFKA_BROKERS: broker.saslBrokers.join(','),
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'atlas-connector',
        KAFKA_SASL_PASSWORD: password,
      },
    });

  beforeAll(async () => {
    expect(users.map((user) => user.name).sort()).toEqual([
      'atlas-connector',
      'atlas-dead-letter-reader',
      'atlas-gateway',
      'atlas-keda',
      'atlas-lineage',
      'atlas-pii-detection',
      'atlas-quality',
      'atlas-setup',
    ]);
    // This spec's own clients log through the services' logger; the partitioner notice is noise here too.
    process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
    await broker.start();
    // The setup Job's user creates the topics (Create + Describe only), as in the cluster.
    expect((await ensureTopics(connectionAs('atlas-setup'))).length).toBeGreaterThan(0);
    await runMigrations(testInfrastructure().databaseUrl);
    connector = connectorProcess(broker.passwordOf('atlas-connector'), 5190, LOG_DIRECTORY);
    connector.start();
    await connector.waitUntilReady(120000);
  }, 360000);

  afterAll(async () => {
    await connector?.stop();
    await broker.stop();
  }, 120000);

  it('the connector, authenticated as atlas-connector, consumes what the gateway user published and publishes Explore records and dead letters', async () => {
    const producer = createKafkaClient(connectionAs('atlas-gateway'), 'e2e-gateway').producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      const messages = Array.from({ length: RECORDS }, (_value, index) => ({ key: recordIdOf(index), value: ingestEnvelope(index), partition: 0 }));
      await producer.send({ topic: TOPICS.INGEST_RECORDS, messages: [...messages, { key: 'not-an-envelope', value: 'not json', partition: 0 }] });
    } finally {
      await producer.disconnect();
    }
    // pii-detection's user, as its consumer group, reads what the connector wrote.
    const explore = await readAs(connectionAs('atlas-pii-detection'), 'pii-detection', TOPICS.EXPLORE_RECORDS, (read) => read.length >= RECORDS);
    const recordIds = explore.map((message) => (JSON.parse(message.value!.toString()) as { recordId: string; runId: string })).filter((envelope) => envelope.runId === RUN_ID);
    expect(recordIds.map((envelope) => envelope.recordId).sort()).toEqual(Array.from({ length: RECORDS }, (_value, index) => recordIdOf(index)));
    const database = testDatabase();
    try {
      expect((await database.query('SELECT count(*)::int AS count FROM connector.explore_records WHERE run_id = $1', [RUN_ID])).rows[0].count).toBe(RECORDS);
    } finally {
      await database.end();
    }
  }, 120000);

  it("the gateway's user reads the connector group's lag (the consumer-lag metrics)", async () => {
    // The topics as the gateway's reporter reads them (raw, ingest, chart and the run counts).
    const reader = new ConsumerLagReader(connectionAs('atlas-gateway'), 'connector', consumerGroupTopics().get('connector')!);
    try {
      await waitFor(
        async () => {
          const lags = await reader.read();
          return lags.some((lag) => lag.topic === TOPICS.INGEST_RECORDS) && lags.every((lag) => lag.lag === 0);
        },
        { timeoutMs: 30000, intervalMs: 500, description: 'the connector group to be read with no lag' },
      );
    } finally {
      await reader.close();
    }
  });

  it('only the connector and the dead-letter reader read the dead-letter topic; another service is denied it and any topic it does not write', async () => {
    const deadLetters = await readAs(connectionAs('atlas-dead-letter-reader'), 'atlas-dead-letter-e2e', TOPICS.DEAD_LETTER, (read) => read.length >= 1);
    const deadLetter = JSON.parse(deadLetters[0].value!.toString()) as DeadLetter;
    // Keys are pseudonymised in dead letters (a record key may be personal data).
    const hashedKey = `sha256:${createHash('sha256').update('not-an-envelope').digest('hex')}`;
    expect({ service: deadLetter.service, topic: deadLetter.source.topic, key: deadLetter.originalKey }).toEqual({ service: 'connector', topic: TOPICS.INGEST_RECORDS, key: hashedKey });

    // Quality joins its own group to read the dead letters it writes (Write and Describe, no Read):
    // only the connector (which stores them, sealed, for the API) and the dead-letter reader read them.
    // The connector is stopped first so that nothing else runs while the refusals are read.
    await connector?.stop();
    const deniedTopic = createKafkaClient(connectionAs('atlas-quality'), 'e2e-denied-topic').consumer({ groupId: 'quality' });
    expect(await refusalOf(deniedTopic, TOPICS.DEAD_LETTER)).toBe('Not authorized to access topics: [Topic authorization failed]');
    // The dead-letter reader's group ACL is a prefix: another group name is refused. kafkajs reports
    // only that it found no coordinator; the broker's answer is in its log.
    const brokerErrors: string[] = [];
    const captureLog = () => ({ log }: LogEntry) => void (typeof log.error === 'string' && brokerErrors.push(log.error));
    const deniedGroup = new Kafka({ ...kafkaClientConfig(connectionAs('atlas-dead-letter-reader'), 'e2e-denied-group'), logCreator: captureLog }).consumer({ groupId: 'connector' });
    expect(await refusalOf(deniedGroup, TOPICS.DEAD_LETTER)).toBe('Failed to find group coordinator');
    expect(brokerErrors).toContain('Not authorized to access group: Group authorization failed');
    // The connector reads Chart records (Navigate) but does not write them.
    const producer = createKafkaClient(connectionAs('atlas-connector'), 'e2e-denied-writer').producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      await expect(producer.send({ topic: TOPICS.CHART_RECORDS, messages: [{ value: '{}' }] })).rejects.toThrow('Not authorized to access topics: [Topic authorization failed]');
    } finally {
      await producer.disconnect();
    }
  }, 120000);

  it('refuses a wrong password at start-up with a clear error naming the user, never the password', async () => {
    const wrongPassword = 'wrong-password-0123456789';
    const logDirectory = join(LOG_DIRECTORY, `wrong-password-${Date.now()}`);
    const refused = connectorProcess(wrongPassword, 5191, logDirectory);
    refused.start();
    try {
      await expect(refused.waitUntilReady(20000)).rejects.toThrow('(connector exited with 1)');
    } finally {
      await refused.stop();
    }
    const log = readFileSync(join(logDirectory, 'connector.log'), 'utf8');
    expect(log).toContain(
      'connector: Kafka refused the credentials of user atlas-connector (SCRAM-SHA-512): check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM ' +
        '(SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512)',
    );
    expect(log).not.toContain(wrongPassword);
  }, 60000);
});
