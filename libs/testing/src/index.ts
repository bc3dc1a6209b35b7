export * from './service-process';
export * from './test-infrastructure';
export * from './unit-fixtures';
export * from './wait-for';
export * from './openapi-arbitraries';
export * from './permission-outcomes';
export * from './secured-kafka-broker';
