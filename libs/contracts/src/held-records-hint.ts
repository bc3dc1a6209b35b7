import { SOURCE_ID_PATTERN } from './record-envelope';

const SOURCE_ID = new RegExp(SOURCE_ID_PATTERN);

/** Quality's answer to "what governs this source" (`GET /api/v1/contracts/sources/{sourceId}`), read by the gateway. */
export interface SourceContractStatus {
  sourceId: string;
  /** The version that judges the source's records, or null: they are held (no_active_contract). */
  activeContract: { contractId: string; version: string; activatedAt: string } | null;
  /** Records of the source held now for want of an active contract. */
  heldRecords: number;
}

/**
 * Carried by push answers and runs of a source without an active contract: its records are held
 * in quarantine until a contract is activated, and `command` does that with the draft the
 * source's profile proposes (`contractDraft`, to review first).
 */
export interface HeldRecordsHint {
  reason: 'no_active_contract';
  /** Records of the source held now (a push's own records are held once quality has judged them). */
  heldRecords: number;
  command: string;
  contractDraft: string;
}

/** The hint for a source's status, or undefined when a contract governs it. */
export function heldRecordsHint(status: SourceContractStatus): HeldRecordsHint | undefined {
  // The id goes into a shell command: only the source-id alphabet (lowercase letters, digits, _ and -) is ever printed.
  if (status.activeContract || !SOURCE_ID.test(status.sourceId)) return undefined;
  return {
    reason: 'no_active_contract',
    heldRecords: status.heldRecords,
    command: `./atlas contract activate --source ${status.sourceId} --from-draft`,
    contractDraft: `/api/v1/sources/${status.sourceId}/contract-draft`,
  };
}
