import type { Permission, Role } from '../../../../libs/auth/src/permissions';
import type { PolicyVersion } from '../personal-data/policy-diff';

export type { Permission, Role };

/** GET /api/v1/auth/me */
export interface CallerProfile {
  kind: 'user' | 'api-key' | 'environment-key';
  id: string;
  role: Role | null;
  permissions: Permission[];
}

/** Every list of the API: a page of `items`; `nextCursor` (null on the last page) asks for the next. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type RunState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** GET /api/v1/source-runs */
export interface SourceRun {
  runId: string;
  sourceId: string;
  state: RunState;
  recordsRead: number;
  recordsPublished: number;
  recordsDeadLettered: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
}

/** GET /api/v1/sources */
export interface Source {
  sourceId: string;
  type: string;
  config: Record<string, unknown>;
  schedule: string | null;
  createdAt: string;
}

export interface QualityScore {
  score: number | null;
  dimensions: Record<string, { score: number | null; testedUnits: number; passedUnits: number }>;
}

/** GET /api/v1/quality/scores?sourceId= */
export interface DatasetScores {
  sourceId: string;
  dataset: QualityScore;
  trend: number | null;
  runs: Array<QualityScore & { runId: string; judgedAt: string }>;
}

export interface QuarantineReason {
  checkId?: string;
  checkName?: string;
  field?: string;
  rule?: string;
  message?: string;
  reason?: string;
}

/** GET /api/v1/quarantine/records */
export interface QuarantinePage {
  items: Array<{
    recordId: string;
    sourceId: string;
    runId: string;
    positionIndex: number;
    status: 'quarantined' | 'released';
    contractId: string;
    contractVersion: string;
    reasons: QuarantineReason[];
    quarantinedAt: string;
  }>;
  nextCursor: string | null;
}

/** An item of GET /api/v1/pii/findings: how much of one entity type was found in one field of one source. */
export interface FindingCount {
  sourceId: string;
  field: string;
  entityType: string;
  findings: number;
  records: number;
  lastDetectedAt: string;
}

export interface LineageEdge {
  origin: string;
  destination: string;
}

export interface LineageNode {
  id: string;
  type: 'DATASET' | 'JOB';
  depth: number;
  data: { namespace: string; name: string; latestRun?: { id: string; state: string } | null; fields?: Array<{ name: string; type?: string }> };
  inEdges: LineageEdge[];
  outEdges: LineageEdge[];
  moreUpstream: number;
  moreDownstream: number;
}

/** GET /api/v1/lineage?nodeId= */
export interface LineageGraph {
  graph: LineageNode[];
  truncated: boolean;
}

export interface ColumnReference {
  namespace: string;
  name: string;
  field: string;
}

/** GET /api/v1/lineage/columns?nodeId=dataset:… */
export interface ColumnLineage {
  nodeId: string;
  edges: Array<{ input: ColumnReference; output: ColumnReference; job: { namespace: string; name: string } | null; masking: boolean }>;
  truncated: boolean;
}

/** GET /api/v1/lineage/pii-propagation?namespace&name&field */
export interface PiiPropagation {
  column: ColumnReference;
  unmaskedDownstream: Array<ColumnReference & { depth: number }>;
  maskedAt: Array<{ column: ColumnReference; from: ColumnReference; job: { namespace: string; name: string } | null; runId: string | null; policies: Array<{ policyId: string; policyVersion: number }> }>;
  truncated: boolean;
}

export interface ProvenanceRun {
  runId: string;
  job: { namespace: string; name: string };
  state: string | null;
  recordCount: number | null;
  deadLetteredCount?: number;
  startedAt: string;
  lastEventAt: string;
  inputs: Array<{ namespace: string; name: string; rowCount?: number }>;
  outputs: Array<{ namespace: string; name: string; rowCount?: number }>;
  errorMessage?: string;
}

/** GET /api/v1/lineage/runs/{runId}/provenance */
export interface RunProvenance {
  runId: string;
  source: (ProvenanceRun & { sourceRange?: { first: string; last: string } }) | null;
  stages: ProvenanceRun[];
  qualityChecks: Array<{ assertion: string; success: boolean; column?: string }>;
  maskedColumns: string[];
  maskingPolicies: Array<{ column: string; policyId: string; policyVersion: number }>;
}

export type ColumnClass = 'personal' | 'free_text' | 'identifier' | 'non_personal';

export interface ColumnClassification {
  sourceId: string;
  field: string;
  class: ColumnClass;
  entityType: string | null;
  confidence: number;
  evidence: { sampledValues: number; valuesWithFindings: number };
  decidedBy: 'sampler' | 'user';
  updatedAt: string;
}

/** GET /api/v1/policies/:policyId */
export interface PolicyHistory {
  policyId: string;
  latest: PolicyVersion;
  versions: Array<{ version: number; sourceId: string; createdAt: string }>;
}

export type { PolicyVersion } from '../personal-data/policy-diff';

/** The same envelope as every list (kept as a name for the datasets pages). */
export type CursorPage<T> = Page<T>;

/** GET /api/v1/datasets: a typed Navigate table, shaped by a contract version. */
export interface Dataset {
  datasetId: string;
  table: string;
  primaryKey: string[];
  columns: Array<{ name: string; type: string }>;
  contractId: string;
  contractVersion: string;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/v1/datasets/:datasetId */
export interface DatasetDetail extends Dataset {
  rowCount: number;
  conflicts: { total: number; recent: Array<{ recordId: string; contractVersion: string; reason: string; recordedAt: string }> };
}

/** GET /api/v1/datasets/:datasetId/rows: protected values only. */
export interface DatasetRow {
  recordId: string;
  /** The ingestion run that wrote the row: its record provenance. */
  runId: string;
  contractVersion: string;
  values: Record<string, unknown>;
}

/** One top value: the value itself only when harmless, otherwise its shape or kind. */
export interface TopValue {
  value?: string;
  shape?: string;
  kind?: string;
  count: number;
  error: number;
}

export interface FieldProfile {
  name: string;
  inferredType: string;
  present: number;
  missing: number;
  nulls: number;
  nullRate: number;
  distinctEstimate: number;
  topValues: TopValue[];
}

/** GET /api/v1/sources/:sourceId/profile */
export interface SourceProfile {
  sourceId: string;
  runId: string;
  records: number;
  fields: FieldProfile[];
}
