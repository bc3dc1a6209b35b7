/** One check's result on one record, as the quality service's dry-run lists it. */
export interface DryRunCheckResult {
  checkId: string;
  checkName: string;
  rule: string;
  field: string;
  level: 'fail' | 'warn';
  outcome: 'pass' | 'fail' | 'not_evaluated';
  message?: string;
}

/** POST /api/v1/contracts/{id}/versions/{version}/dry-run */
export interface DryRunView {
  contractId: string;
  version: string;
  sourceId: string;
  summary: { records: number; valid: number; quarantined: number; warned: number };
  /** `recordId`: the Explore record judged (dry-runs of the last N Explore records). */
  records: Array<{ index: number; recordId?: string; verdict: 'valid' | 'quarantined'; results: DryRunCheckResult[] }>;
  windows: Array<{ checkId: string; metric: string; outcome: 'pass' | 'warn' | 'fail' | 'not_evaluated'; measuredValue: number | null; rows: number }>;
  /** Dry-runs of the last N Explore records: how many were asked for and judged, and the policy that protected them. */
  explore?: { last: number; records: number; truncated: boolean; policyId: string; policyVersion: number };
}

/** A check over the whole sample: how many records passed, failed or could not be judged, and which failed. */
export interface DryRunCheckSummary {
  checkId: string;
  checkName: string;
  field: string;
  level: 'fail' | 'warn';
  passed: number;
  failed: number;
  notEvaluated: number;
  /** The first failing records' ids (their record id when the sample came with one, else `#<index>` in the sample). */
  failingSamples: string[];
}

/** How many failing sample ids a check lists. */
export const FAILING_SAMPLES_SHOWN = 10;

/**
 * The dry-run per check, in contract order: counts of each outcome and the first failing records.
 * `sampleIds[index]` names the record at that index of the sample (else the Explore record id the
 * dry-run answers, else `#index`). Linear in the results.
 */
export function summarizeDryRun(view: DryRunView, sampleIds: readonly (string | undefined)[] = []): DryRunCheckSummary[] {
  const byCheck = new Map<string, DryRunCheckSummary>();
  for (const record of view.records) {
    for (const result of record.results) {
      let summary = byCheck.get(result.checkId);
      if (!summary) {
        summary = { checkId: result.checkId, checkName: result.checkName, field: result.field, level: result.level, passed: 0, failed: 0, notEvaluated: 0, failingSamples: [] };
        byCheck.set(result.checkId, summary);
      }
      if (result.outcome === 'pass') summary.passed += 1;
      else if (result.outcome === 'not_evaluated') summary.notEvaluated += 1;
      else {
        summary.failed += 1;
        if (summary.failingSamples.length < FAILING_SAMPLES_SHOWN) summary.failingSamples.push(sampleIds[record.index] ?? record.recordId ?? `#${record.index}`);
      }
    }
  }
  return [...byCheck.values()];
}

export interface ParsedSample {
  records: Array<Record<string, unknown>>;
}

/** The most records one dry-run judges (the quality service's MAX_DRY_RUN_RECORDS). */
export const MAX_SAMPLE_RECORDS = 1000;

/**
 * A pasted sample: a JSON array of objects, or JSON Lines (one object a line). Problems name the
 * line or index, never the value.
 */
export function parseSample(text: string): ParsedSample | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'Paste at least one record (a JSON array of objects, or one JSON object a line).' };
  let records: unknown[];
  if (trimmed.startsWith('[')) {
    try {
      records = JSON.parse(trimmed) as unknown[];
    } catch {
      return { problem: 'The sample is not a valid JSON array.' };
    }
  } else {
    records = [];
    const lines = trimmed.split('\n');
    for (let index = 0; index < lines.length; index += 1) {
      if (lines[index].trim() === '') continue;
      try {
        records.push(JSON.parse(lines[index]));
      } catch {
        return { problem: `Line ${index + 1} of the sample is not valid JSON.` };
      }
    }
  }
  const notObject = records.findIndex((record) => typeof record !== 'object' || record === null || Array.isArray(record));
  if (notObject >= 0) return { problem: `Record ${notObject} of the sample is not a JSON object.` };
  if (records.length > MAX_SAMPLE_RECORDS) return { problem: `A dry-run judges at most ${MAX_SAMPLE_RECORDS} records; the sample has ${records.length}.` };
  return { records: records as Array<Record<string, unknown>> };
}
