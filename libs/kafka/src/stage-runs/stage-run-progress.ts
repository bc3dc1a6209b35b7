import { Context } from '@opentelemetry/api';

/** What became of a record a stage handled: passed on, kept back (quality's quarantine), or failed (dead-lettered, by the stage or its consumer). */
export type RecordOutcome = 'passed' | 'quarantined' | 'failed';

/** One record a stage handled, known by its position in its run (counted once, however often it is delivered). */
export interface HandledRecord {
  runId: string;
  sourceId: string;
  /** position.index: unique within the run. */
  index: number;
  outcome: RecordOutcome;
  /** Top-level fields of the record as passed on, and whether the stage masked each. */
  maskedFields?: ReadonlyMap<string, boolean>;
  /** The protection policy version that masked the record's masked fields. */
  maskingPolicy?: MaskingPolicy;
  /** Why it failed; never a record value. */
  error?: string;
  traceContext?: Context;
}

export type StageRunStatus = 'running' | 'complete' | 'failed';

/** A protection policy version, as named in the column lineage of the fields it masked. */
export interface MaskingPolicy {
  policyId: string;
  policyVersion: number;
}

/** A stage's progress over one ingestion run, as stored in `<schema>.lineage_stage_runs`. */
export interface StageRunState {
  jobName: string;
  runId: string;
  sourceId: string;
  handled: number;
  passed: number;
  quarantined: number;
  failed: number;
  /** Records of the run on the stage's input topic, once the writer said so. */
  expected: number | null;
  maskedFields: Record<string, boolean>;
  /** Per masked field, the policy versions that masked it in some record of the run (at most MAX_POLICIES_PER_FIELD). */
  maskingPolicies: Record<string, MaskingPolicy[]>;
  firstError: string | null;
  status: StageRunStatus;
}

/** Fields kept for a run's column lineage; beyond, new fields are left out (records are JSON objects of any shape). */
export const MAX_LINEAGE_FIELDS = 500;
/** A run spans a policy change or two; beyond this many versions per field, more are left out. */
export const MAX_POLICIES_PER_FIELD = 20;
const MAX_ERROR_LENGTH = 1000;

export function newStageRun(jobName: string, runId: string, sourceId: string): StageRunState {
  return { jobName, runId, sourceId, handled: 0, passed: 0, quarantined: 0, failed: 0, expected: null, maskedFields: {}, maskingPolicies: {}, firstError: null, status: 'running' };
}

/**
 * Adds records of one run, counted for the first time (the repository keeps which positions were
 * counted), to its progress: the counts by outcome, the first error, the masked fields.
 */
export function addHandledRecords(state: StageRunState, records: readonly HandledRecord[]): StageRunState {
  const next: StageRunState = { ...state, maskedFields: { ...state.maskedFields }, maskingPolicies: { ...state.maskingPolicies } };
  for (const record of records) {
    next.handled += 1;
    next[record.outcome] += 1;
    if (record.outcome === 'failed' && next.firstError === null && record.error) next.firstError = record.error.slice(0, MAX_ERROR_LENGTH);
    // Field names are data: `constructor`, `__proto__` or '' must be own keys, never prototype look-ups.
    for (const [field, masked] of record.maskedFields ?? []) {
      if (Object.hasOwn(next.maskedFields, field)) setOwn(next.maskedFields, field, next.maskedFields[field] || masked);
      else if (Object.keys(next.maskedFields).length < MAX_LINEAGE_FIELDS) setOwn(next.maskedFields, field, masked);
      if (masked && record.maskingPolicy && Object.hasOwn(next.maskedFields, field)) addMaskingPolicy(next.maskingPolicies, field, record.maskingPolicy);
    }
  }
  return next;
}

function addMaskingPolicy(policies: Record<string, MaskingPolicy[]>, field: string, policy: MaskingPolicy): void {
  const known = Object.hasOwn(policies, field) ? policies[field] : [];
  if (known.length >= MAX_POLICIES_PER_FIELD || known.some((each) => each.policyId === policy.policyId && each.policyVersion === policy.policyVersion)) return;
  setOwn(policies, field, [...known, { policyId: policy.policyId, policyVersion: policy.policyVersion }]);
}

/** Sets an own, enumerable property even for `__proto__` (a plain assignment would set the prototype). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every record of the run on the input topic was handled. */
export function isFinished(state: StageRunState): boolean {
  return state.status === 'running' && state.expected !== null && state.handled >= state.expected;
}

/**
 * How a finished run ends. Dead-lettering a record it cannot process is the stage doing its job (the
 * dead letter keeps the record and says why): the run is COMPLETE, its dead-lettered count in its
 * facets. Only a run of which not one record could be processed is a FAIL, with the count and the
 * first reason (never a value).
 */
export function endOf(state: StageRunState): { eventType: 'COMPLETE' | 'FAIL'; status: StageRunStatus; errorMessage?: string } {
  if (state.failed === 0 || state.failed < state.handled) return { eventType: 'COMPLETE', status: 'complete' };
  const errorMessage = `none of the ${state.handled} records could be processed: all were dead-lettered; the first: ${state.firstError ?? 'unknown'}`;
  return { eventType: 'FAIL', status: 'failed', errorMessage };
}
