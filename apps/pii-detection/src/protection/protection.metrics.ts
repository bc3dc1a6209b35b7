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

/** Adds one to the count under `key`. */
function addOne<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The map under `key`, created empty the first time (nested maps: no key string built per finding). */
function mapUnder<K, V>(maps: Map<K, Map<string, V>>, key: K): Map<string, V> {
  let map = maps.get(key);
  if (!map) maps.set(key, (map = new Map()));
  return map;
}

/**
 * Counts a batch's records and findings. Counted first by their raw source, entity type and operator,
 * then each distinct combination turned into its bounded labels and added once: prom-client hashes a
 * label set on every increment, which per record and finding was a visible share of the stage's CPU.
 */
export function countFindings(records: ReadonlyArray<{ sourceId: string; findings: ReadonlyArray<Pick<PiiFinding, 'entityType' | 'operator'>> }>): void {
  const recordsBySource = new Map<string, Map<string, number>>();
  const findingsBySource = new Map<string, Map<string, Map<string, number>>>();
  for (const { sourceId, findings } of records) {
    addOne(mapUnder(recordsBySource, sourceId), findings.length > 0 ? 'with_findings' : 'without_findings');
    if (findings.length === 0) continue;
    const byType = mapUnder(findingsBySource, sourceId);
    for (const finding of findings) addOne(mapUnder(byType, finding.entityType), finding.operator);
  }
  for (const [sourceId, results] of recordsBySource) {
    const source = sourceLabel(sourceId);
    for (const [result, count] of results) piiRecordsTotal.inc({ source, result }, count);
    for (const [entityType, byOperator] of findingsBySource.get(sourceId) ?? []) {
      for (const [operator, count] of byOperator) piiFindingsTotal.inc({ source, entity_type: entityTypeLabel(entityType), operator: operatorLabels.of(operator) }, count);
    }
  }
}
