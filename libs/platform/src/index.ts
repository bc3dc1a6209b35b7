export * from './bootstrap';
export * from './health.controller';
export * from './platform.module';
export * from './request-body-errors';
export * from './subject-records.controller';
export * from './pagination';
export * from './dead-letter-api';
export * from './validated-body';
