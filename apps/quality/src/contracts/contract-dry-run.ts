import { BadRequestException } from '@nestjs/common';
import type { CompiledContract } from '../checks/check-model';
import type { JudgeProtectedRecordsRequest, SourcePosition } from '@atlas/contracts';
import { protectedPathsOf, type CheckResult } from '../checks/record-checker';
import { emptyWindowStateFor, windowOutcome, type WindowOutcomeKind } from '../windows/aggregate-check';
import type { SourceContractChecker } from '../checks/record-checker';
import { checkerFor } from './contract-compilation';

export const MAX_DRY_RUN_RECORDS = 1000;

/** Which Explore record a verdict is about (dry-runs of the last N Explore records): never its values. */
export interface DryRunRecordIdentity {
  recordId: string;
  runId: string;
  position: SourcePosition;
}

export interface DryRunRecordView extends Partial<DryRunRecordIdentity> {
  /** Index of the record in the request (a posted sample) or in the Explore records judged, oldest first. */
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

/** A dry-run over the last N Explore records: how many were asked for and judged, and the policy that protected them. */
export interface DryRunExploreView {
  last: number;
  records: number;
  /** Whether the byte budget left out some of the last N (the oldest). */
  truncated: boolean;
  policyId: string;
  policyVersion: number;
}

export interface DryRunView {
  contractId: string;
  version: string;
  sourceId: string;
  summary: { records: number; valid: number; quarantined: number; warned: number };
  records: DryRunRecordView[];
  windows: DryRunWindowView[];
  explore?: DryRunExploreView;
}

/** One record to judge: its payload, what pii-detection rewrote in it, when it was ingested. */
export interface DryRunSample {
  payload: Record<string, unknown>;
  /** The paths pii-detection rewrote (protectedPathsOf its findings); none for a posted sample. */
  protectedPaths?: ReadonlySet<string>;
  ingestedMs: number;
  identity?: DryRunRecordIdentity;
}

/** Loads the reference tables a checker's reference checks read, like the stream before a batch. */
export type DryRunPreparation = (checker: SourceContractChecker) => Promise<void>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The checker of the named source, or of the contract's only one; 400 naming the contract's sources otherwise. */
export function checkerOfSource(contract: CompiledContract, requested: unknown): SourceContractChecker {
  const sourceIds = contract.sources.map((source) => source.sourceId);
  const sourceId = requested ?? (sourceIds.length === 1 ? sourceIds[0] : undefined);
  if (typeof sourceId !== 'string' || !sourceIds.includes(sourceId)) {
    throw new BadRequestException(`sourceId must name one of the contract's schema objects: ${sourceIds.map((id) => `"${id}"`).join(', ') || 'none'}`);
  }
  return checkerFor(contract, sourceId)!;
}

/**
 * Judges posted records as the stream would, without storing or publishing anything. The sample
 * is taken as unprotected (no pii-detection findings), so every check is evaluated.
 */
export async function dryRun(contract: CompiledContract, body: unknown, prepare: DryRunPreparation = async () => undefined): Promise<DryRunView> {
  if (!isRecord(body) || !Array.isArray(body.records)) throw new BadRequestException('The body must be {"records": [ {...}, ... ], "sourceId"?: "..."}');
  const records = body.records as unknown[];
  if (records.length === 0 || records.length > MAX_DRY_RUN_RECORDS) throw new BadRequestException(`records must hold 1 to ${MAX_DRY_RUN_RECORDS} records`);
  const notObjects = records.flatMap((record, index) => (isRecord(record) ? [] : [index]));
  if (notObjects.length > 0) throw new BadRequestException(`records must be JSON objects; not at index ${notObjects.slice(0, 20).join(', ')}`);
  const checker = checkerOfSource(contract, body.sourceId);
  await prepare(checker);
  const now = Date.now();
  return judgeSamples(contract, checker, (records as Record<string, unknown>[]).map((payload) => ({ payload, ingestedMs: now })));
}

/**
 * Judges each sample exactly as the stream does (record-judgement.ts and window-accumulator.ts): a
 * value pii-detection rewrote is judged only by checks meaningful on it, the others are not
 * evaluated; aggregate checks take the whole sample as one window.
 */
export function judgeSamples(contract: CompiledContract, checker: SourceContractChecker, samples: readonly DryRunSample[]): DryRunView {
  const summary = { records: samples.length, valid: 0, quarantined: 0, warned: 0 };
  const views = samples.map((sample, index): DryRunRecordView => {
    const verdict = checker.evaluate(sample.payload, sample.protectedPaths, true);
    const valid = verdict.failed.length === 0;
    summary[valid ? 'valid' : 'quarantined'] += 1;
    if (verdict.warned.length > 0) summary.warned += 1;
    return { index, ...sample.identity, verdict: valid ? 'valid' : 'quarantined', failed: verdict.failed, warned: verdict.warned, notEvaluated: verdict.notEvaluated, results: verdict.results! };
  });
  const windows = checker.windowChecks.map((check): DryRunWindowView => {
    const state = emptyWindowStateFor(check.parameters);
    for (const { payload, protectedPaths, ingestedMs } of samples) {
      if (!check.scope.matches(payload, protectedPaths)) continue;
      const isProtected = protectedPaths !== undefined && check.isProtectedIn(protectedPaths);
      check.observe(state, check.valueOf(payload), isProtected, ingestedMs);
    }
    return { checkId: check.definition.id, metric: check.parameters.metric, ...windowOutcome(check.parameters, state), rows: state.rows };
  });
  return { contractId: contract.contractId, version: contract.contractVersion, sourceId: checker.sourceId, summary, records: views, windows };
}

/**
 * Judges a source's last N Explore records, protected by pii-detection (the gateway orchestrates):
 * the stream's verdicts on them today. Each record view names the record and its source position.
 */
export async function dryRunProtected(contract: CompiledContract, request: JudgeProtectedRecordsRequest, prepare: DryRunPreparation = async () => undefined): Promise<DryRunView> {
  const checker = checkerOfSource(contract, request.sourceId);
  await prepare(checker);
  const samples = request.records.map(
    (record): DryRunSample => ({
      payload: record.payload,
      protectedPaths: protectedPathsOf(record.protection.findings),
      ingestedMs: Date.parse(record.ingestedAt),
      identity: { recordId: record.recordId, runId: record.runId, position: record.position },
    }),
  );
  const { policyId, policyVersion } = request.records[0].protection;
  const explore = { last: request.explore.last, records: samples.length, truncated: request.explore.truncated, policyId, policyVersion };
  return { ...judgeSamples(contract, checker, samples), explore };
}
