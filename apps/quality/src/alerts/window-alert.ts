import { v5 as uuidv5 } from 'uuid';

/** What an alert about one closed window needs of it (check-failed and anomaly alerts alike). */
export interface AlertedWindow {
  runId: string;
  sourceId: string;
  contractId: string;
  contractVersion: string;
  checkId: string;
  checkName: string | null;
  field: string | null;
  windowKind: string;
  windowStart: number;
  windowEnd: number;
  /** A group-by check's segment ('' or absent for the overall window): part of the alert's id. */
  segment?: string;
}

/**
 * The part of a window alert that names the window. Its id is derived from the window and the alert
 * kind's namespace, so a retried batch fires nothing twice.
 */
export function windowAlertIdentity(window: AlertedWindow, namespace: string) {
  return {
    alertId: uuidv5(JSON.stringify([window.runId, window.contractId, window.contractVersion, window.checkId, window.windowStart, ...(window.segment ? [window.segment] : [])]), namespace),
    sourceId: window.sourceId,
    runId: window.runId,
    contractId: window.contractId,
    contractVersion: window.contractVersion,
    checkId: window.checkId,
    checkName: window.checkName ?? window.checkId,
    field: window.field ?? '',
    window: { kind: window.windowKind, start: window.windowStart, end: window.windowEnd },
  };
}
