import { startTracing } from '@atlas/observability';

startTracing('connector');
