/**
 * Prepares a Kafka cluster and a database for Atlas: applies pending migrations and creates the
 * topics. Safe to run any number of times, and concurrently (migrations take an advisory lock).
 * Usage: KAFKA_BROKERS=host:port DATABASE_URL=postgres://... node dist/scripts/setup.js
 */
import { runMigrations } from '@atlas/database';
import { ensureTopics } from '@atlas/kafka';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const databaseUrl = process.env.DATABASE_URL;
  const missing = [!brokers.length && 'KAFKA_BROKERS', !databaseUrl && 'DATABASE_URL'].filter(Boolean);
  if (missing.length > 0) throw new Error(`setup needs ${missing.join(' and ')}`);
  const migrations = await runMigrations(databaseUrl!);
  const topics = await ensureTopics(brokers);
  process.stdout.write(
    `setup: ${migrations.length} migration(s) applied${migrations.length ? ` (${migrations.join(', ')})` : ''}; ` +
      `${topics.length} topic(s) created${topics.length ? ` (${topics.join(', ')})` : ''}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`setup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
