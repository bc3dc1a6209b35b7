import { Counter } from 'prom-client';
import { sourceLabel } from '@atlas/observability';
import { createRecordCheckFactories } from '../checks/default-record-checks';
import type { CheckResult } from '../checks/record-checker';
import type { RecordJudgement } from './record-judgement';

/** Rules a record broke (a record can break several); `contract` = its source has no data contract. */
export const qualityRuleViolationsTotal = new Counter({
  name: 'atlas_quality_rule_violations_total',
  help: 'Data contract rule violations that quarantined records, by source and rule (a check type, or contract)',
  labelNames: ['source', 'rule'] as const,
});

/** Failed checks by source, check type and level (fail quarantines, warn reports and lets the record through). */
export const checkFailuresTotal = new Counter({
  name: 'atlas_quality_check_failures_total',
  help: 'Per-record check failures, by source, check type (rule) and level',
  labelNames: ['source', 'rule', 'level'] as const,
});

/** Checks that could not judge a record, e.g. on a value pii-detection protected. */
export const checksNotEvaluatedTotal = new Counter({
  name: 'atlas_quality_checks_not_evaluated_total',
  help: 'Per-record checks not evaluated, by source and check type (rule)',
  labelNames: ['source', 'rule'] as const,
});

/** Quarantined records judged again (API replays, and held records replayed on activation), by outcome (released or quarantined). */
export const replayedTotal = new Counter({
  name: 'atlas_quality_records_replayed_total',
  help: 'Quarantined records judged again (API replays and replays of held records on activation), by source and outcome (released or quarantined)',
  labelNames: ['source', 'outcome'] as const,
});

/** Webhook deliveries of quality alerts. */
export const alertDeliveriesTotal = new Counter({
  name: 'atlas_quality_alert_deliveries_total',
  help: 'Webhook deliveries of quality alerts, by result (delivered, retry, abandoned)',
  labelNames: ['result'] as const,
});

/** Rows the retention job deleted, by kind (`quarantined_records_unreplayed`: deleted while still awaiting replay). */
export const retentionDeletedTotal = new Counter({
  name: 'atlas_quality_retention_deleted_rows_total',
  help: 'Quality rows deleted by the retention job, by kind (quarantined_records_unreplayed: never replayed, past QUALITY_QUARANTINE_RETENTION_DAYS)',
  labelNames: ['rows'] as const,
});

// Label values come from the check registry, never from a contract's own ids (unbounded).
const KNOWN_RULES = new Set([...createRecordCheckFactories().map((factory) => factory.type), 'contract']);
const ruleLabel = (rule: string): string => (KNOWN_RULES.has(rule) ? rule : 'other');

/** Counts one batch's violations. */
export function countRuleViolations(violations: ReadonlyArray<{ sourceId: string; rules: readonly string[] }>): void {
  for (const { sourceId, rules } of violations) {
    const source = sourceLabel(sourceId);
    for (const rule of rules) qualityRuleViolationsTotal.inc({ source, rule: ruleLabel(rule) });
  }
}

/** Counts the failed (fail or warn) and not-evaluated checks of one record. */
export function countCheckResults(sourceId: string, results: readonly CheckResult[]): void {
  const source = sourceLabel(sourceId);
  for (const result of results) {
    if (result.outcome === 'fail') checkFailuresTotal.inc({ source, rule: ruleLabel(result.rule), level: result.level });
    else checksNotEvaluatedTotal.inc({ source, rule: ruleLabel(result.rule) });
  }
}

/** Counts what one batch's judgements found: the rules that quarantined records, and every failed or not-evaluated check. */
export function countJudgements(judgements: readonly RecordJudgement[]): void {
  countRuleViolations(
    judgements.flatMap((judgement) => (judgement.valid ? [] : [{ sourceId: judgement.quarantined.sourceId, rules: judgement.quarantined.reasons.map((reason) => reason.rule) }])),
  );
  for (const judgement of judgements) {
    if (judgement.verdict) countCheckResults(judgement.record.sourceId, [...judgement.verdict.failed, ...judgement.verdict.warned, ...judgement.verdict.notEvaluated]);
  }
}
