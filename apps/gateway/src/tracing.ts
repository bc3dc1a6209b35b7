import { startTracing } from '@atlas/observability';

startTracing('gateway');
