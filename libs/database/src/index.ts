export * from './bulk-insert';
export * from './database.module';
export * from './migrate';
export * from './postgres-errors';
export * from './record-row';
export * from './sql-migrations';
export * from './subject-record-match';
export * from './subject-record-table';
