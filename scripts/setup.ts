/**
 * Prepares a Kafka cluster and a database for Atlas: applies pending migrations and creates the
 * topics. Safe to run any number of times, and concurrently (migrations take an advisory lock).
 * Usage: KAFKA_BROKERS=host:port DATABASE_URL=postgres://... node dist/scripts/setup.js
 * (plus the services' KAFKA_SASL_* / KAFKA_TLS* variables when the brokers require them).
 */
import { KafkaClientEnvironment, validateEnvironment } from '@atlas/config';
import { runMigrations } from '@atlas/database';
import { ensureTopics, explainKafkaConnectionError, kafkaConnection } from '@atlas/kafka';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('setup needs DATABASE_URL');
  // The same validation as the services' (KAFKA_BROKERS, TLS, SASL), naming every bad variable.
  const connection = kafkaConnection(validateEnvironment(KafkaClientEnvironment));
  const migrations = await runMigrations(databaseUrl);
  const topics = await ensureTopics(connection).catch((error: unknown) => {
    throw explainKafkaConnectionError(error, connection);
  });
  process.stdout.write(
    `setup: ${migrations.length} migration(s) applied${migrations.length ? ` (${migrations.join(', ')})` : ''}; ` +
      `${topics.length} topic(s) created${topics.length ? ` (${topics.join(', ')})` : ''}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`setup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
