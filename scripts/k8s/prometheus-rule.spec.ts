import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repositoryRoot } from '../repository-root';
import { ALERTS_PATH, PROMETHEUS_RULE_PATH, renderPrometheusRule } from './prometheus-rule';

const ROOT = repositoryRoot(__dirname);
const alerts = readFileSync(join(ROOT, ALERTS_PATH), 'utf8');

describe('PrometheusRule (k8s/components/prometheus-operator/prometheus-rule.yaml)', () => {
  it('is the rendering of deploy/monitoring/alerts.yml (regenerate: npm run build && node dist/scripts/k8s/prometheus-rule.js)', () => {
    expect(readFileSync(join(ROOT, PROMETHEUS_RULE_PATH), 'utf8')).toBe(renderPrometheusRule(alerts));
  });

  it('carries the rule groups of alerts.yml unchanged', () => {
    const rule = parse(readFileSync(join(ROOT, PROMETHEUS_RULE_PATH), 'utf8')) as { kind: string; spec: { groups: unknown[] } };
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.spec.groups).toEqual((parse(alerts) as { groups: unknown[] }).groups);
  });

  it('refuses a rule file without groups', () => {
    expect(() => renderPrometheusRule('groups: []\n')).toThrow(`${ALERTS_PATH} has no rule groups`);
  });
});
