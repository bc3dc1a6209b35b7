export * from './api-key.guard';
export * from './public.decorator';
