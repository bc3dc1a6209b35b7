import { DataSource } from 'typeorm';
import { loadSqlMigrations } from './sql-migrations';

// Any constant works; it only has to be the same for every process that migrates this database.
const MIGRATION_LOCK_ID = 727274;

/** Applies pending migrations; concurrent callers wait on an advisory lock instead of racing. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: loadSqlMigrations(),
    migrationsTableName: 'atlas_migrations',
    migrationsTransactionMode: 'each',
    logging: false,
  });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
