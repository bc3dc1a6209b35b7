import { startTracing } from '@atlas/observability';

startTracing('pii-detection');
