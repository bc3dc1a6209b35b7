export * from './cursor-codec';
export * from './cursor-page';
export * from './list-queries';
