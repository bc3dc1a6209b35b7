import { Counter } from 'prom-client';
import { sourceLabel } from '@atlas/observability';

/** Rules a record broke (a record can break several); `contract` = its source has no data contract. */
export const qualityRuleViolationsTotal = new Counter({
  name: 'atlas_quality_rule_violations_total',
  help: 'Data contract rule violations found by the quality stage, by source and rule (not_null, contract)',
  labelNames: ['source', 'rule'] as const,
});

const KNOWN_RULES = new Set(['not_null', 'contract']);

/** Counts one batch's violations; rule names outside the known set share `other`. */
export function countRuleViolations(violations: ReadonlyArray<{ sourceId: string; rules: readonly string[] }>): void {
  for (const { sourceId, rules } of violations) {
    const source = sourceLabel(sourceId);
    for (const rule of rules) qualityRuleViolationsTotal.inc({ source, rule: KNOWN_RULES.has(rule) ? rule : 'other' });
  }
}
