import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** Words of PromQL that look like metric names but are not (operators and keywords). */
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'atan2']);

/**
 * The metric names a PromQL expression selects. Not a full parser: strings, label matchers, range
 * and subquery brackets and grouping clauses are removed first; what is left that is followed by `(`
 * is a function or an aggregation, a keyword, a number or a Grafana variable; the rest are metrics.
 */
export function metricNamesIn(expression: string): string[] {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = match[0];
    const before = stripped[match.index - 1] ?? ' ';
    const after = stripped.slice(match.index + name.length).trimStart()[0];
    if (after === '(' || KEYWORDS.has(name.toLowerCase()) || before === '$' || /[0-9.]/.test(before)) continue;
    names.add(name);
  }
  return [...names].sort();
}

export interface NamedQuery {
  /** Where the query is: dashboard file and panel title, or rule name. */
  where: string;
  expression: string;
}

interface DashboardPanel {
  title: string;
  targets?: Array<{ expr?: string }>;
  panels?: DashboardPanel[];
}

/** Every panel query of every dashboard JSON file in a directory. */
export function dashboardQueries(directory: string): NamedQuery[] {
  const queries: NamedQuery[] = [];
  for (const file of readdirSync(directory).filter((name) => name.endsWith('.json')).sort()) {
    const dashboard = JSON.parse(readFileSync(join(directory, file), 'utf8')) as { panels: DashboardPanel[] };
    const visit = (panel: DashboardPanel) => {
      for (const target of panel.targets ?? []) queries.push({ where: `${file}: ${panel.title}`, expression: target.expr ?? '' });
      for (const child of panel.panels ?? []) visit(child);
    };
    dashboard.panels.forEach(visit);
  }
  return queries;
}

export interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}

export function readRuleFile(path: string): RuleFile {
  return parse(readFileSync(path, 'utf8')) as RuleFile;
}

/** Every rule's expression, named by its alert or recording name. */
export function ruleQueries(rules: RuleFile): NamedQuery[] {
  return rules.groups.flatMap((group) => group.rules.map((rule) => ({ where: `${group.name}/${rule.alert ?? rule.record}`, expression: rule.expr })));
}

/** Names the rule file defines by recording rules (dashboards and other rules may use them). */
export function recordedNames(rules: RuleFile): string[] {
  return rules.groups.flatMap((group) => group.rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
}

/** Series Prometheus makes itself, not the services. */
export const PROMETHEUS_SERIES = ['up', 'ALERTS', 'ALERTS_FOR_STATE', 'scrape_duration_seconds', 'scrape_samples_scraped'];

/** Each query naming a metric outside `known`, with the unknown names. */
export function unknownMetrics(queries: NamedQuery[], known: ReadonlySet<string>): Array<{ where: string; unknown: string[] }> {
  return queries
    .map(({ where, expression }) => ({ where, unknown: metricNamesIn(expression).filter((name) => !known.has(name)) }))
    .filter((entry) => entry.unknown.length > 0);
}
