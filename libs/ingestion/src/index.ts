export * from './envelope-size';
export * from './ingestion-run-publisher.service';
export * from './record-envelopes';
export * from './record-limits';
export * from './run-identity';
export * from './run-partitions';
