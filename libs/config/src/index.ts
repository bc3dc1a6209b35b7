export * from './base-environment';
export * from './config.module';
export * from './subject-service-environment';
export * from './validate-environment';
export * from './kafka-client-environment';
export * from './node-memory';
