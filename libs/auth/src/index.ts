export * from './api-key-caller';
export * from './api-key.guard';
export * from './permission.decorator';
export * from './permissions';
export * from './public.decorator';
