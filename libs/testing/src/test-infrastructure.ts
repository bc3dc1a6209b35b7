import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { TOPIC_DEFINITIONS } from '@atlas/contracts';
import { runMigrations } from '@atlas/database';
import { deadLetterUnsealerForVaultKey, DeadLetterUnsealer, ensureTopics } from '@atlas/kafka';
import {
  PipelineStack,
  REPOSITORY_ROOT,
  TEST_ADMIN_API_KEY,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  TEST_API_KEY,
  TEST_DETOKENIZE_API_KEY,
  TEST_SERVICE_API_KEY,
  TEST_SUBJECT_API_KEY,
  TEST_TOKEN_SIGNING_KEY,
} from './service-process';

/** The broker and database the end-to-end tests run against: started by `./atlas test`. */
export function testInfrastructure(): { brokers: string[]; databaseUrl: string } {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const databaseUrl = process.env.DATABASE_URL ?? '';
  if (brokers.length === 0 || !databaseUrl) {
    throw new Error('End-to-end tests need KAFKA_BROKERS and DATABASE_URL; run them through `./atlas test`');
  }
  return { brokers, databaseUrl };
}

// Fixed, test-only key material (never used outside the test infrastructure).
const TEST_VAULT_KEY = Buffer.alloc(32, 7);

/** Opens the dead letters of the test stack, as pii-detection does with its vault key. */
export function testDeadLetterUnsealer(): DeadLetterUnsealer {
  return deadLetterUnsealerForVaultKey(TEST_VAULT_KEY);
}

export function serviceEnvironment(): Record<string, string> {
  const { brokers, databaseUrl } = testInfrastructure();
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    KAFKA_BROKERS: brokers.join(','),
    DATABASE_URL: databaseUrl,
    ATLAS_API_KEYS: TEST_API_KEY,
    ATLAS_SERVICE_API_KEYS: TEST_SERVICE_API_KEY,
    ATLAS_DEAD_LETTER_PUBLIC_KEY: testDeadLetterUnsealer().publicKeyBase64,
    PII_HASH_KEY: Buffer.alloc(32, 1).toString('base64'),
    PII_VAULT_KEY: TEST_VAULT_KEY.toString('base64'),
    PII_DETOKENIZE_API_KEYS: TEST_DETOKENIZE_API_KEY,
    PII_ADMIN_API_KEYS: TEST_ADMIN_API_KEY,
    ATLAS_SUBJECT_API_KEYS: TEST_SUBJECT_API_KEY,
    GATEWAY_TOKEN_SIGNING_KEY: TEST_TOKEN_SIGNING_KEY.toString('base64'),
    ATLAS_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
    ATLAS_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    QUALITY_CONTRACTS_DIR: join(REPOSITORY_ROOT, 'deploy', 'contracts'),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
}

export function testLogDirectory(): string {
  return join(REPOSITORY_ROOT, '.atlas', 'test-logs');
}

export function testKafka(): Kafka {
  return new Kafka({ clientId: 'atlas-e2e', brokers: testInfrastructure().brokers, logLevel: logLevel.NOTHING });
}

export function testDatabase(): Pool {
  return new Pool({ connectionString: testInfrastructure().databaseUrl, max: 3 });
}

/**
 * A clean slate for a test run on the dedicated test infrastructure: every Atlas topic and schema
 * is dropped, then migrations and topic creation run as in production.
 */
export async function resetTestInfrastructure(): Promise<void> {
  const { brokers, databaseUrl } = testInfrastructure();
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const atlasTopics = TOPIC_DEFINITIONS.map((topic) => topic.name).filter((name) => existing.has(name));
    if (atlasTopics.length > 0) await admin.deleteTopics({ topics: atlasTopics, timeout: 30000 });
    const groups = (await admin.listGroups()).groups.map((group) => group.groupId);
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
  const database = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await database.query(
      'DROP SCHEMA IF EXISTS gateway, connector, navigate_typed, pii_detection, quality, lineage, reference CASCADE; DROP TABLE IF EXISTS public.atlas_migrations',
    );
  } finally {
    await database.end();
  }
  await runMigrations(databaseUrl);
  // Topic deletion completes asynchronously on the broker; retry creation until it is accepted.
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureTopics({ brokers });
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
    }
  }
}

/** Reads a topic from the beginning with a throwaway group until `enough` says stop. */
export async function readTopic(
  topic: string,
  enough: (messages: KafkaMessage[]) => boolean,
  timeoutMs = 30000,
): Promise<KafkaMessage[]> {
  const consumer = testKafka().consumer({ groupId: `atlas-e2e-reader-${Date.now()}-${Math.random()}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolveDone) => (done = resolveDone));
    await consumer.run({
      eachMessage: async ({ message }) => {
        messages.push(message);
        if (enough(messages)) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Timed out reading ${topic} (${messages.length} read)`)), timeoutMs);
    });
    try {
      await Promise.race([finished, timedOut]);
    } finally {
      clearTimeout(timer);
    }
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

export interface RunningPipelineStack {
  stack: PipelineStack;
  database: Pool;
}

/**
 * A clean test infrastructure and the whole pipeline on ports from `basePort`, with a database pool.
 * If the stack does not come up, what was started is stopped before the error is rethrown.
 */
export async function startPipelineStack(basePort: number, extraEnvironment: Record<string, string> = {}): Promise<RunningPipelineStack> {
  await resetTestInfrastructure();
  const database = testDatabase();
  const stack = new PipelineStack(basePort, { ...serviceEnvironment(), ...extraEnvironment }, testLogDirectory());
  try {
    await stack.start();
  } catch (error) {
    await stopPipelineStack({ stack, database });
    throw error;
  }
  return { stack, database };
}

/** Stops the services and closes the pool; either may be missing when the start failed early. */
export async function stopPipelineStack(pipeline: Partial<RunningPipelineStack>): Promise<void> {
  await pipeline.stack?.stop();
  await pipeline.database?.end();
}
