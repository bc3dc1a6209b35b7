/** A rule of a protection policy as the API returns it: an operator and its parameters. */
export interface PolicyRule {
  operator: string;
  params?: Record<string, unknown>;
}

/** One version of a protection policy (GET /api/v1/policies/:policyId/versions/:version). */
export interface PolicyVersion {
  policyId: string;
  version: number;
  sourceId: string;
  createdAt: string;
  rules: Record<string, PolicyRule>;
  fieldRules?: Record<string, PolicyRule>;
  description?: string;
}

export type PolicyChangeKind = 'added' | 'removed' | 'changed';

/** One difference between two versions: an entity-type rule, a field rule, or the policy's source or description. */
export interface PolicyChange {
  section: 'source' | 'description' | 'entity' | 'field';
  /** The entity type or field path; empty for source and description. */
  key: string;
  kind: PolicyChangeKind;
  before: string | null;
  after: string | null;
}

/** JSON with sorted keys, so equal parameters written in another order are not a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `mask {"keepLast":4,"maskingChar":"*"}`, or just the operator when it has no parameters. */
export function ruleText(rule: PolicyRule): string {
  return rule.params && Object.keys(rule.params).length > 0 ? `${rule.operator} ${canonical(rule.params)}` : rule.operator;
}

function diffRules(section: 'entity' | 'field', before: Record<string, PolicyRule>, after: Record<string, PolicyRule>): PolicyChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changes: PolicyChange[] = [];
  for (const key of keys) {
    const old = Object.hasOwn(before, key) ? ruleText(before[key]) : null;
    const next = Object.hasOwn(after, key) ? ruleText(after[key]) : null;
    if (old === next) continue;
    changes.push({ section, key, kind: old === null ? 'added' : next === null ? 'removed' : 'changed', before: old, after: next });
  }
  return changes;
}

function diffValue(section: 'source' | 'description', before: string | undefined, after: string | undefined): PolicyChange[] {
  const old = before ?? null;
  const next = after ?? null;
  if (old === next) return [];
  return [{ section, key: '', kind: old === null ? 'added' : next === null ? 'removed' : 'changed', before: old, after: next }];
}

/**
 * What changed from one version of a policy to another: its source, its description, then the rule of
 * every entity type and every field that was added, removed or changed (keys sorted). Linear in the rules.
 */
export function diffPolicyVersions(before: PolicyVersion, after: PolicyVersion): PolicyChange[] {
  return [
    ...diffValue('source', before.sourceId, after.sourceId),
    ...diffValue('description', before.description, after.description),
    ...diffRules('entity', before.rules, after.rules),
    ...diffRules('field', before.fieldRules ?? {}, after.fieldRules ?? {}),
  ];
}
