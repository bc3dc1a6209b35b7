export * from './service-process';
export * from './test-infrastructure';
export * from './wait-for';
