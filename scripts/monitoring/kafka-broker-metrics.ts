import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The rules file of the Kafka broker's JMX exporter agent (deploy/monitoring/kafka-broker/). */
export const KAFKA_EXPORTER_RULES = 'deploy/monitoring/kafka-broker/jmx-exporter.yaml';
/** A real scrape of the broker started by deploy/local/infra.sh with those rules. */
export const KAFKA_SCRAPE_FIXTURE = 'scripts/monitoring/fixtures/kafka-broker.metrics.txt';

export interface ExporterRule {
  pattern: string;
  name: string;
  type?: string;
}

export interface ExporterConfig {
  lowercaseOutputName?: boolean;
  includeObjectNames?: string[];
  rules: ExporterRule[];
}

export function readExporterConfig(path: string): ExporterConfig {
  return parse(readFileSync(path, 'utf8')) as ExporterConfig;
}

/** The text of each capturing group of a regular expression, in order ($1 is the first). */
export function captureGroups(pattern: string): string[] {
  const groups: string[] = [];
  // Each open parenthesis: where its text starts and its group number (null when not capturing).
  const open: Array<{ start: number; group: number | null }> = [];
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === '\\') {
      index++;
    } else if (character === '(') {
      const capturing = pattern[index + 1] !== '?';
      open.push({ start: index + 1, group: capturing ? groups.push('') - 1 : null });
    } else if (character === ')') {
      const parenthesis = open.pop();
      if (!parenthesis) throw new Error(`unbalanced ")" in ${pattern}`);
      if (parenthesis.group !== null) groups[parenthesis.group] = pattern.slice(parenthesis.start, index);
    }
  }
  if (open.length > 0) throw new Error(`unbalanced "(" in ${pattern}`);
  return groups;
}

/**
 * The metric names one rule can produce: each `$n` in its name stands for capture group n, which
 * must be an alternation of literal words (anything else could produce any name and is refused).
 */
export function ruleMetricNames(rule: ExporterRule, lowercase: boolean): string[] {
  const groups = captureGroups(rule.pattern);
  let names = [rule.name];
  for (const [reference, digits] of rule.name.matchAll(/\$(\d+)/g)) {
    const group = groups[Number(digits) - 1];
    if (group === undefined || !/^\w+(\|\w+)*$/.test(group)) {
      throw new Error(`rule "${rule.name}": ${reference} is not a group of literal alternatives in ${rule.pattern}`);
    }
    names = names.flatMap((name) => group.split('|').map((word) => name.replace(reference, word)));
  }
  return [...new Set(names.map((name) => (lowercase ? name.toLowerCase() : name)))].sort();
}

/** Every metric name the rules of an exporter configuration can produce. */
export function exporterMetricNames(config: ExporterConfig): string[] {
  return [...new Set(config.rules.flatMap((rule) => ruleMetricNames(rule, config.lowercaseOutputName === true)))].sort();
}

/** The sample names of a Prometheus text exposition (comments skipped). */
export function scrapedMetricNames(exposition: string): string[] {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const match = /^([A-Za-z_:][A-Za-z0-9_:]*)[{ ]/.exec(line);
    if (match) names.add(match[1]);
  }
  return [...names].sort();
}
