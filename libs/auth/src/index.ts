export * from './api-key-caller';
export * from './api-key.guard';
export * from './permission.decorator';
export * from './public.decorator';
