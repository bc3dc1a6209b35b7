import { v5 as uuidv5 } from 'uuid';
import { outcomeOf, type CheckCounts } from '../results/check-outcome';
import type { CheckResultDelta } from '../results/run-results';

const ALERT_NAMESPACE = '0c6f3d2a-9b1e-4c7d-8f5a-2e4b6d8c1a37';

/** A check result after a batch was added (as the upsert returned it). */
export interface StoredCheckState extends CheckCounts {
  runId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  checkName: string;
  field: string;
  sampleFailingRecordIds: string[];
}

/** What the webhook receives: the check, its outcome over the run and failing record ids; never a value. */
export interface AlertPayload {
  alertId: string;
  type: 'check_failed';
  sourceId: string;
  runId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  checkName: string;
  checkType: string;
  field: string;
  outcome: 'fail';
  metric: string;
  measuredValue: number;
  thresholds: Record<string, object>;
  rowsTested: number;
  rowsFailed: number;
  sampleFailingRecordIds: string[];
  /** Aggregate checks: the window that closed failing (windows/window-store.ts). */
  window?: { kind: string; start: number; end: number };
  /** Group-by checks: the segment whose window failed (its column and value; never a value pii-detection protected). */
  segment?: { field: string; value: unknown };
  /** Distribution drift checks: the method and the reference it was measured against. */
  drift?: { method: string; reference: object };
}

export function alertIdOf(state: Pick<StoredCheckState, 'runId' | 'contractId' | 'contractVersion' | 'checkId'>): string {
  return uuidv5(JSON.stringify([state.runId, state.contractId, state.contractVersion, state.checkId]), ALERT_NAMESPACE);
}

/**
 * The checks of level `fail` that this batch turned to `fail` over their run: each fires once per
 * run (its state before the batch = stored state − the batch's delta). A row count is not alerted
 * on: it fails while a run is still arriving.
 */
export function firedAlerts(states: readonly StoredCheckState[], deltas: ReadonlyMap<string, Pick<CheckResultDelta, 'rowsTested' | 'rowsFailed'>>, keyOf: (state: StoredCheckState) => string): AlertPayload[] {
  const alerts: AlertPayload[] = [];
  for (const after of states) {
    // Aggregate checks alert per window when it closes (windows/window-store.ts).
    if (after.level !== 'fail' || after.checkType === 'row_count' || after.checkType === 'aggregate') continue;
    const delta = deltas.get(keyOf(after));
    if (!delta) continue;
    const now = outcomeOf(after);
    if (now.outcome !== 'fail') continue;
    const before = outcomeOf({ ...after, rowsTested: after.rowsTested - delta.rowsTested, rowsFailed: after.rowsFailed - delta.rowsFailed });
    if (before.outcome === 'fail') continue;
    alerts.push({
      alertId: alertIdOf(after),
      type: 'check_failed',
      sourceId: after.sourceId,
      runId: after.runId,
      contractId: after.contractId,
      contractVersion: after.contractVersion,
      checkId: after.checkId,
      checkName: after.checkName,
      checkType: after.checkType,
      field: after.field,
      outcome: 'fail',
      metric: now.metric,
      measuredValue: now.measuredValue ?? 0,
      thresholds: now.thresholds,
      rowsTested: after.rowsTested,
      rowsFailed: after.rowsFailed,
      sampleFailingRecordIds: after.sampleFailingRecordIds,
    });
  }
  return alerts;
}
