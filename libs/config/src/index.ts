export * from './base-environment';
export * from './config.module';
export * from './validate-environment';
