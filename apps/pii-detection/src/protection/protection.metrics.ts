import { Counter } from 'prom-client';
import { PiiFinding } from '@atlas/contracts';
import { BoundedLabel, entityTypeLabel, sourceLabel } from '@atlas/observability';

/** Findings of the pipeline's protection stage (not of the Presidio-compatible API). */
export const piiFindingsTotal = new Counter({
  name: 'atlas_pii_findings_total',
  help: 'PII found and protected by the protection stage, by source, entity type and the operator applied',
  labelNames: ['source', 'entity_type', 'operator'] as const,
});

/** Records the protection stage protected, by whether anything personal was found in them. */
export const piiRecordsTotal = new Counter({
  name: 'atlas_pii_records_total',
  help: 'Records protected by the protection stage, by source and whether PII was found (with_findings, without_findings)',
  labelNames: ['source', 'result'] as const,
});

const operatorLabels = new BoundedLabel(20, /^[a-z][a-z_]{0,31}$/);

export function countFindings(records: ReadonlyArray<{ sourceId: string; findings: ReadonlyArray<Pick<PiiFinding, 'entityType' | 'operator'>> }>): void {
  const counts = new Map<string, { source: string; entity_type: string; operator: string; count: number }>();
  for (const { sourceId, findings } of records) {
    const source = sourceLabel(sourceId);
    piiRecordsTotal.inc({ source, result: findings.length > 0 ? 'with_findings' : 'without_findings' });
    for (const finding of findings) {
      const labels = { source, entity_type: entityTypeLabel(finding.entityType), operator: operatorLabels.of(finding.operator) };
      const key = `${labels.source}\u0000${labels.entity_type}\u0000${labels.operator}`;
      const entry = counts.get(key) ?? { ...labels, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
  }
  for (const { count, ...labels } of counts.values()) piiFindingsTotal.inc(labels, count);
}
