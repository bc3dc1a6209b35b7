import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { repositoryRoot } from '../repository-root';

export const ALERTS_PATH = 'deploy/monitoring/alerts.yml';
export const PROMETHEUS_RULE_PATH = 'k8s/components/prometheus-operator/prometheus-rule.yaml';

const HEADER = `# GENERATED from ${ALERTS_PATH}: do not edit. After changing the alert rules:
#   npm run build && node dist/scripts/k8s/prometheus-rule.js
# scripts/k8s/prometheus-rule.spec.ts fails while the two differ.
`;

/** The Prometheus Operator's PrometheusRule carrying exactly the rule groups of alerts.yml. */
export function renderPrometheusRule(alertsYaml: string): string {
  const { groups } = parse(alertsYaml) as { groups: unknown[] };
  if (!Array.isArray(groups) || groups.length === 0) throw new Error(`${ALERTS_PATH} has no rule groups`);
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'atlas-alerts', labels: { 'app.kubernetes.io/part-of': 'atlas' } },
    spec: { groups },
  };
  return HEADER + stringify(rule, { lineWidth: 0 });
}

if (require.main === module) {
  const root = repositoryRoot(__dirname);
  writeFileSync(join(root, PROMETHEUS_RULE_PATH), renderPrometheusRule(readFileSync(join(root, ALERTS_PATH), 'utf8')));
}
