import type { QuarantineReason } from '../api/types';

/** One line per failed check: which check, on which field, and what it said (never the value). */
export function reasonText(reason: QuarantineReason): string {
  const check = reason.checkName ?? reason.checkId ?? reason.rule ?? reason.reason ?? 'check';
  const field = reason.field ? ` on ${reason.field}` : '';
  return reason.message ? `${check}${field}: ${reason.message}` : `${check}${field}`;
}

export type ReplayOutcome = 'released' | 'quarantined' | 'already_released';

/** What a replay's outcome means for the record, in words. */
export function replayOutcomeText(outcome: ReplayOutcome, contractVersion: string): string {
  switch (outcome) {
    case 'released':
      return `Released: it passes contract version ${contractVersion} and went on to the dataset.`;
    case 'quarantined':
      return `Still quarantined: it fails contract version ${contractVersion} (reasons updated).`;
    case 'already_released':
      return `Already released earlier (by contract version ${contractVersion}).`;
  }
}
