import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MigrationInterface, QueryRunner } from 'typeorm';

const MIGRATION_FILE = /^(\d{13})-([a-z0-9-]+)\.up\.sql$/;

/** Where the SQL lives: `database/migrations` of the working directory unless ATLAS_MIGRATIONS_DIR says otherwise. */
export function migrationsDirectory(): string {
  return resolve(process.env.ATLAS_MIGRATIONS_DIR ?? join(process.cwd(), 'database', 'migrations'));
}

/**
 * Turns `database/migrations/<13-digit timestamp>-<name>.up.sql` (+ `.down.sql`) into TypeORM
 * migrations, so the SQL files are the single source of truth and TypeORM only orders and records them.
 */
export function loadSqlMigrations(directory = migrationsDirectory()): Array<new () => MigrationInterface> {
  return readdirSync(directory)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      const [, timestamp, name] = MIGRATION_FILE.exec(file)!;
      const upSql = readFileSync(join(directory, file), 'utf8');
      const downFile = join(directory, file.replace(/\.up\.sql$/, '.down.sql'));
      const downSql = readFileSync(downFile, 'utf8');
      // TypeORM reads the timestamp from the end of the class name.
      const className = `${name.replace(/(^|-)([a-z0-9])/g, (_match, _dash, letter: string) => letter.toUpperCase())}${timestamp}`;
      const migration = class implements MigrationInterface {
        name = className;
        async up(queryRunner: QueryRunner): Promise<void> {
          await queryRunner.query(upSql);
        }
        async down(queryRunner: QueryRunner): Promise<void> {
          await queryRunner.query(downSql);
        }
      };
      Object.defineProperty(migration, 'name', { value: className });
      return migration;
    });
}
