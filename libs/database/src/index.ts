export * from './bulk-insert';
export * from './database.module';
export * from './migrate';
export * from './postgres-errors';
export * from './record-row';
export * from './sql-migrations';
