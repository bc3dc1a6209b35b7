import { startTracing } from '@atlas/observability';

startTracing('quality');
