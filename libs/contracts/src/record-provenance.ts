/**
 * What a Navigate row says of its own provenance (the connector's
 * GET /api/v1/navigate/records/{recordId}/provenance, read by the gateway): its columns, never its values.
 */
export interface NavigateRowProvenance {
  recordId: string;
  sourceId: string;
  runId: string;
  /** Its place in the run, and where it was read in its source (`kafka:<topic>/<partition>/<offset>`, `file:<path>:<line>`; null for a REST push). */
  position: { index: number; location: string | null };
  /** The protection policy version that masked it (pii-detection). */
  protection: { policyId: string; policyVersion: number };
  /** The contract version whose checks it passed (quality). */
  contract: { contractId: string; contractVersion: string };
  traceId: string | null;
  writtenAt: string;
}
