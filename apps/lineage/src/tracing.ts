import { startTracing } from '@atlas/observability';

startTracing('lineage');
