import { Counter } from 'prom-client';

/** Failed checks by source, check id and level (warn failures let the record through). */
export const checkFailuresTotal = new Counter({
  name: 'atlas_quality_check_failures_total',
  help: 'Per-record check failures, by source, check id and level (fail quarantines, warn reports)',
  labelNames: ['source_id', 'check_id', 'level'] as const,
});

/** Checks that could not judge a record, e.g. on a value pii-detection protected. */
export const checksNotEvaluatedTotal = new Counter({
  name: 'atlas_quality_checks_not_evaluated_total',
  help: 'Per-record checks not evaluated, by source and check id',
  labelNames: ['source_id', 'check_id'] as const,
});
