export * from './database.module';
export * from './migrate';
export * from './record-row';
export * from './sql-migrations';
