export * from './checksum';
export * from './dead-letter';
export * from './headers';
export * from './lineage-event';
export * from './payload-validator';
export * from './record-envelope';
export * from './topic-contracts';
export * from './topics';
