import { Counter } from 'prom-client';

export const navigateTypedConflictsTotal = new Counter({
  name: 'atlas_navigate_typed_conflicts_total',
  help: 'Chart records kept out of their typed Navigate table (a value that does not fit its column, or a contract version the table cannot take), by source',
  labelNames: ['source'] as const,
});
