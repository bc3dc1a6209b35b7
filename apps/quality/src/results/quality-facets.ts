import { dataQualityInputFacets, type DataQualityAssertion } from '@atlas/contracts';
import type { CheckResultDelta, RunResultDelta } from './run-results';

/** Results of one or more runs: a batch's deltas or the stored totals of a run. */
export interface RunResults {
  runs: ReadonlyArray<Pick<RunResultDelta, 'runId' | 'recordsJudged'>>;
  checks: ReadonlyArray<Pick<CheckResultDelta, 'runId' | 'checkId' | 'checkType' | 'field' | 'rowsTested' | 'rowsFailed' | 'threshold'>>;
}

/**
 * The OpenLineage input facets of one ingestion run's quality event: one assertion per check that
 * judged at least one of its records (success: none failed) and the metrics (records judged, null
 * counts from the not-null checks), from the run's stored results.
 */
export function qualityFacetsOf(deltas: RunResults, ingestionRunId: string, producer: string): Record<string, unknown> | undefined {
  const runs = deltas.runs.filter((run) => run.runId === ingestionRunId);
  if (runs.length === 0) return undefined;
  const assertions: DataQualityAssertion[] = [];
  const nullCounts = new Map<string, number>();
  for (const check of deltas.checks) {
    // Run checks (row count, duplicates) speak about the whole run, not this batch: they are served by the API.
    if (check.runId !== ingestionRunId || check.rowsTested === 0 || check.threshold !== null) continue;
    assertions.push(check.field === '' ? { assertion: check.checkId, success: check.rowsFailed === 0 } : { assertion: check.checkId, success: check.rowsFailed === 0, column: check.field });
    if (check.checkType === 'not_null' && check.field !== '') nullCounts.set(check.field, (nullCounts.get(check.field) ?? 0) + check.rowsFailed);
  }
  const rowCount = runs.reduce((sum, run) => sum + run.recordsJudged, 0);
  return dataQualityInputFacets(producer, assertions, rowCount, nullCounts);
}
