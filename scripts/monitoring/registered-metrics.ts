import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Metric, register } from 'prom-client';

/** Source files (not specs) under the given directories that define metrics with prom-client. */
export function metricModules(root: string, directories: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'test') walk(path);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && /from 'prom-client'/.test(readFileSync(path, 'utf8'))) {
        found.push(relative(root, path));
      }
    }
  };
  for (const directory of directories) walk(join(root, directory));
  return found.sort();
}

export interface RegisteredMetric {
  name: string;
  type: string;
  labelNames: string[];
}

/** What the default registry holds (after the metric modules were loaded). */
export async function registeredMetrics(): Promise<RegisteredMetric[]> {
  const metrics: RegisteredMetric[] = [];
  // The registry's objects are the metrics themselves (prom-client types them as plain descriptions).
  for (const metric of register.getMetricsAsArray() as unknown as Array<Metric & { labelNames?: string[] }>) {
    const { name, type } = await metric.get();
    metrics.push({ name, type: String(type), labelNames: [...(metric.labelNames ?? [])] });
  }
  return metrics.sort((a, b) => a.name.localeCompare(b.name));
}

/** The series names a scrape shows for each metric: histograms and summaries add their suffixes. */
export function exposedNames(metrics: readonly RegisteredMetric[]): Set<string> {
  const names = new Set<string>();
  for (const { name, type } of metrics) {
    names.add(name);
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(name + suffix));
    if (type === 'summary') ['_sum', '_count'].forEach((suffix) => names.add(name + suffix));
  }
  return names;
}
