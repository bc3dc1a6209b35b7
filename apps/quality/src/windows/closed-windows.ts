import { emptyWindowState, mergeWindowStates, type WindowOutcomeKind, type WindowState } from './aggregate-check';

/** A window that closed in this transaction, with its final state and fixed outcome. */
export interface ClosedWindow {
  window: { runId: string; contractId: string; contractVersion: string; checkId: string; windowStart: number };
  state: WindowState;
  outcome: WindowOutcomeKind;
  /** Group-by checks' overall windows: the matching records no segment got. */
  segmentOverflowRows?: number;
}

/**
 * What a set of closed windows adds to their check's result over the run: how many were evaluated,
 * warned and failed, and their merged state. Counts add and states merge (sums, counts, extremes),
 * so the stored result is the same whatever order and batches the windows closed in.
 */
export interface ClosedWindowsOfCheck {
  runId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  evaluated: number;
  warned: number;
  failed: number;
  segmentOverflowRows: number;
  state: WindowState;
}

/** Closed windows grouped per check: outcome counts (not evaluated ones count nowhere) and merged state. */
export function closedWindowsPerCheck(closed: readonly ClosedWindow[]): ClosedWindowsOfCheck[] {
  const byCheck = new Map<string, ClosedWindowsOfCheck>();
  for (const { window, state, outcome, segmentOverflowRows } of closed) {
    const key = JSON.stringify([window.runId, window.contractId, window.contractVersion, window.checkId]);
    let check = byCheck.get(key);
    if (!check) {
      check = { runId: window.runId, contractId: window.contractId, contractVersion: window.contractVersion, checkId: window.checkId, evaluated: 0, warned: 0, failed: 0, segmentOverflowRows: 0, state: emptyWindowState() };
      byCheck.set(key, check);
    }
    if (outcome !== 'not_evaluated') check.evaluated += 1;
    if (outcome === 'warn') check.warned += 1;
    if (outcome === 'fail') check.failed += 1;
    check.segmentOverflowRows += segmentOverflowRows ?? 0;
    check.state = mergeWindowStates(check.state, state);
  }
  return [...byCheck.values()];
}
