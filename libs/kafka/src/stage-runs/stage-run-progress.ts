import { Context } from '@opentelemetry/api';

/** What became of a record a stage handled: passed on, kept back (quality's quarantine), or failed (dead-lettered). */
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
  /** Why it failed; never a record value. */
  error?: string;
  traceContext?: Context;
}

export type StageRunStatus = 'running' | 'complete' | 'failed';

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
  firstError: string | null;
  status: StageRunStatus;
}

/** Fields kept for a run's column lineage; beyond, new fields are left out (records are JSON objects of any shape). */
export const MAX_LINEAGE_FIELDS = 500;
const MAX_ERROR_LENGTH = 1000;

export function newStageRun(jobName: string, runId: string, sourceId: string): StageRunState {
  return { jobName, runId, sourceId, handled: 0, passed: 0, quarantined: 0, failed: 0, expected: null, maskedFields: {}, firstError: null, status: 'running' };
}

/**
 * Adds records of one run, counted for the first time (the repository keeps which positions were
 * counted), to its progress: the counts by outcome, the first error, the masked fields.
 */
export function addHandledRecords(state: StageRunState, records: readonly HandledRecord[]): StageRunState {
  const next: StageRunState = { ...state, maskedFields: { ...state.maskedFields } };
  for (const record of records) {
    next.handled += 1;
    next[record.outcome] += 1;
    if (record.outcome === 'failed' && next.firstError === null && record.error) next.firstError = record.error.slice(0, MAX_ERROR_LENGTH);
    for (const [field, masked] of record.maskedFields ?? []) {
      if (field in next.maskedFields) next.maskedFields[field] ||= masked;
      else if (Object.keys(next.maskedFields).length < MAX_LINEAGE_FIELDS) next.maskedFields[field] = masked;
    }
  }
  return next;
}

/** Every record of the run on the input topic was handled. */
export function isFinished(state: StageRunState): boolean {
  return state.status === 'running' && state.expected !== null && state.handled >= state.expected;
}

/** How a finished run ends: FAIL when any record failed, with the first error and the count. */
export function endOf(state: StageRunState): { eventType: 'COMPLETE' | 'FAIL'; status: StageRunStatus; errorMessage?: string } {
  if (state.failed === 0) return { eventType: 'COMPLETE', status: 'complete' };
  const errorMessage = `${state.failed} of ${state.handled} records could not be processed and were dead-lettered; the first: ${state.firstError ?? 'unknown'}`;
  return { eventType: 'FAIL', status: 'failed', errorMessage };
}
