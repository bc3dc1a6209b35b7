import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { QueryRunner } from 'typeorm';
import { loadSqlMigrations, migrationsDirectory } from './sql-migrations';

function fakeQueryRunner(): { queryRunner: QueryRunner; executed: string[] } {
  const executed: string[] = [];
  const queryRunner = { query: jest.fn(async (sql: string) => executed.push(sql)) } as unknown as QueryRunner;
  return { queryRunner, executed };
}

describe('loadSqlMigrations', () => {
  let directory: string;

  function writeMigration(base: string, upSql: string, downSql: string): void {
    writeFileSync(join(directory, `${base}.up.sql`), upSql);
    writeFileSync(join(directory, `${base}.down.sql`), downSql);
  }

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'atlas-migrations-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('turns each up/down pair into a migration class named in PascalCase with the 13-digit timestamp last', () => {
    writeMigration('1764000000000-initial-schema', 'CREATE SCHEMA gateway;', 'DROP SCHEMA gateway;');
    const [migration] = loadSqlMigrations(directory);
    expect(migration.name).toBe('InitialSchema1764000000000');
    expect(new migration().name).toBe('InitialSchema1764000000000');
    expect(migration.name.slice(-13)).toBe('1764000000000');
  });

  it('sorts the migrations by timestamp whatever the file creation order', () => {
    writeMigration('1764300000000-gateway-pii-findings', 'SELECT 3;', 'SELECT -3;');
    writeMigration('1764000000000-initial-schema', 'SELECT 1;', 'SELECT -1;');
    writeMigration('1764200000000-pii-vault-and-policies', 'SELECT 2;', 'SELECT -2;');
    expect(loadSqlMigrations(directory).map((migration) => migration.name)).toEqual([
      'InitialSchema1764000000000',
      'PiiVaultAndPolicies1764200000000',
      'GatewayPiiFindings1764300000000',
    ]);
  });

  it('runs the up SQL on up and the down SQL on down through the query runner', async () => {
    writeMigration('1764000000000-initial-schema', 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);', 'DROP TABLE b;\nDROP TABLE a;');
    const [migration] = loadSqlMigrations(directory);
    const { queryRunner, executed } = fakeQueryRunner();
    await new migration().up(queryRunner);
    await new migration().down(queryRunner);
    expect(executed).toEqual(['CREATE TABLE a (id int);\nCREATE TABLE b (id int);', 'DROP TABLE b;\nDROP TABLE a;']);
  });

  it('keeps the SQL of each migration apart', async () => {
    writeMigration('1764000000000-first', 'SELECT 1;', 'SELECT -1;');
    writeMigration('1764100000000-second', 'SELECT 2;', 'SELECT -2;');
    const { queryRunner, executed } = fakeQueryRunner();
    for (const migration of loadSqlMigrations(directory)) await new migration().up(queryRunner);
    expect(executed).toEqual(['SELECT 1;', 'SELECT 2;']);
  });

  it('ignores files that do not follow the naming scheme', () => {
    writeMigration('1764000000000-initial-schema', 'SELECT 1;', 'SELECT -1;');
    writeFileSync(join(directory, 'README.md'), '# migrations');
    writeFileSync(join(directory, '176400000000-short-timestamp.up.sql'), 'SELECT 0;');
    writeFileSync(join(directory, '1764000000001-Upper-Case.up.sql'), 'SELECT 0;');
    writeFileSync(join(directory, '1764000000002-notes.sql'), 'SELECT 0;');
    expect(loadSqlMigrations(directory).map((migration) => migration.name)).toEqual(['InitialSchema1764000000000']);
  });

  it('fails when an up migration has no down file', () => {
    writeFileSync(join(directory, '1764000000000-initial-schema.up.sql'), 'SELECT 1;');
    expect(() => loadSqlMigrations(directory)).toThrow(/1764000000000-initial-schema\.down\.sql/);
  });

  it('returns nothing for an empty directory', () => {
    expect(loadSqlMigrations(directory)).toEqual([]);
  });

  it('loads the repository migrations with unique, ordered timestamps', () => {
    const migrations = loadSqlMigrations(resolve(__dirname, '../../../database/migrations'));
    const timestamps = migrations.map((migration) => migration.name.slice(-13));
    expect(migrations.length).toBeGreaterThan(0);
    expect(timestamps).toEqual([...timestamps].sort());
    expect(new Set(timestamps).size).toBe(timestamps.length);
  });
});

describe('migrationsDirectory', () => {
  const saved = process.env.ATLAS_MIGRATIONS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.ATLAS_MIGRATIONS_DIR;
    else process.env.ATLAS_MIGRATIONS_DIR = saved;
  });

  it('defaults to database/migrations of the working directory', () => {
    delete process.env.ATLAS_MIGRATIONS_DIR;
    expect(migrationsDirectory()).toBe(join(process.cwd(), 'database', 'migrations'));
  });

  it('follows ATLAS_MIGRATIONS_DIR, resolved to an absolute path', () => {
    process.env.ATLAS_MIGRATIONS_DIR = 'custom/migrations';
    expect(migrationsDirectory()).toBe(resolve('custom/migrations'));
  });
});
