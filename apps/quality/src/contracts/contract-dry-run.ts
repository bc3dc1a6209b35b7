import { BadRequestException } from '@nestjs/common';
import type { CompiledContract } from '../checks/check-model';
import type { CheckResult } from '../checks/record-checker';
import { emptyWindowStateFor, windowOutcome, type WindowOutcomeKind } from '../windows/aggregate-check';
import type { SourceContractChecker } from '../checks/record-checker';
import { checkerFor } from './contract-compilation';

export const MAX_DRY_RUN_RECORDS = 1000;

export interface DryRunRecordView {
  index: number;
  /** What the stream would do: `valid` → Chart, `quarantined` → quality.quarantined_records. */
  verdict: 'valid' | 'quarantined';
  failed: CheckResult[];
  warned: CheckResult[];
  notEvaluated: CheckResult[];
  results: CheckResult[];
}

/** An aggregate check over the sample, taken as one window (freshness measured from now). */
export interface DryRunWindowView {
  checkId: string;
  metric: string;
  outcome: WindowOutcomeKind;
  measuredValue: number | null;
  rows: number;
}

export interface DryRunView {
  contractId: string;
  version: string;
  sourceId: string;
  summary: { records: number; valid: number; quarantined: number; warned: number };
  records: DryRunRecordView[];
  windows: DryRunWindowView[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Judges posted records as the stream would, without storing or publishing anything. The sample
 * is taken as unprotected (no pii-detection findings), so every check is evaluated. `prepare` loads
 * the reference tables the checker's reference checks read, like the stream before a batch.
 */
export async function dryRun(contract: CompiledContract, body: unknown, prepare: (checker: SourceContractChecker) => Promise<void> = async () => undefined): Promise<DryRunView> {
  if (!isRecord(body) || !Array.isArray(body.records)) throw new BadRequestException('The body must be {"records": [ {...}, ... ], "sourceId"?: "..."}');
  const records = body.records as unknown[];
  if (records.length === 0 || records.length > MAX_DRY_RUN_RECORDS) throw new BadRequestException(`records must hold 1 to ${MAX_DRY_RUN_RECORDS} records`);
  const notObjects = records.flatMap((record, index) => (isRecord(record) ? [] : [index]));
  if (notObjects.length > 0) throw new BadRequestException(`records must be JSON objects; not at index ${notObjects.slice(0, 20).join(', ')}`);
  const sourceIds = contract.sources.map((source) => source.sourceId);
  const sourceId = body.sourceId ?? (sourceIds.length === 1 ? sourceIds[0] : undefined);
  if (typeof sourceId !== 'string' || !sourceIds.includes(sourceId)) {
    throw new BadRequestException(`sourceId must name one of the contract's schema objects: ${sourceIds.map((id) => `"${id}"`).join(', ') || 'none'}`);
  }
  const checker = checkerFor(contract, sourceId)!;
  await prepare(checker);
  const summary = { records: records.length, valid: 0, quarantined: 0, warned: 0 };
  const views = (records as Record<string, unknown>[]).map((record, index): DryRunRecordView => {
    const verdict = checker.evaluate(record, undefined, true);
    const valid = verdict.failed.length === 0;
    summary[valid ? 'valid' : 'quarantined'] += 1;
    if (verdict.warned.length > 0) summary.warned += 1;
    return { index, verdict: valid ? 'valid' : 'quarantined', failed: verdict.failed, warned: verdict.warned, notEvaluated: verdict.notEvaluated, results: verdict.results! };
  });
  const now = Date.now();
  const windows = checker.windowChecks.map((check): DryRunWindowView => {
    const state = emptyWindowStateFor(check.parameters);
    for (const record of records as Record<string, unknown>[]) if (check.scope.matches(record, undefined)) check.observe(state, check.valueOf(record), false, now);
    return { checkId: check.definition.id, metric: check.parameters.metric, ...windowOutcome(check.parameters, state), rows: state.rows };
  });
  return { contractId: contract.contractId, version: contract.contractVersion, sourceId, summary, records: views, windows };
}

