import type { LatestRunEvent } from './run-event.repository';

/** A dataset a run read or wrote, with the rows it counted there. */
export interface ProvenanceDataset {
  namespace: string;
  name: string;
  rowCount?: number;
}

/** One run in the provenance of an ingestion run: the root (the source) or a stage. */
export interface ProvenanceRun {
  runId: string;
  job: { namespace: string; name: string };
  /** The most advanced event: START, RUNNING, COMPLETE, FAIL or ABORT. */
  state: string | null;
  recordCount: number | null;
  /** Records of the run the stage (or its consumer) dead-lettered, when any: they went to the dead-letter topic, among the outputs. */
  deadLetteredCount?: number;
  startedAt: string;
  lastEventAt: string;
  inputs: ProvenanceDataset[];
  outputs: ProvenanceDataset[];
  errorMessage?: string;
}

/**
 * Where the records of an ingestion run come from and what happened to them, from the run-level
 * lineage of the pipeline: the source (root run, with the first and last source locations), each
 * stage's run, the checks quality asserted, and the columns pii-detection masked. Together with
 * the columns of a Navigate row (source, position, run, policy and contract versions, trace id) it is
 * that row's provenance; nothing is stored per record.
 */
export interface RunProvenance {
  runId: string;
  source: (ProvenanceRun & { sourceRange?: { first: string; last: string } }) | null;
  stages: ProvenanceRun[];
  /** Checks of the run's contract version (quality's dataQualityAssertions): a Navigate row passed every one of level `fail`. */
  qualityChecks: Array<{ assertion: string; success: boolean; column?: string }>;
  /** Columns whose values pii-detection protected in some record of the run. */
  maskedColumns: string[];
  /** Which policy versions protected each masked column (a Navigate row names the one that protected it). */
  maskingPolicies: Array<{ column: string; policyId: string; policyVersion: number }>;
}

type Facets = Record<string, unknown> | undefined;

const STAGE_ORDER = ['connector.explore', 'pii-detection.protect', 'quality.validate', 'connector.navigate'];

export function runProvenanceOf(runId: string, latest: readonly LatestRunEvent[]): RunProvenance {
  const runs = latest.map(provenanceRunOf);
  const rootEvent = latest.find((row) => row.runId === runId);
  const root = runs.find((run) => run.runId === runId);
  const sourceRange = rootEvent?.event.run.facets?.atlas_sourceRange as { first?: string; last?: string } | undefined;
  const stages = runs.filter((run) => run.runId !== runId).sort((left, right) => stageRank(left.job.name) - stageRank(right.job.name) || left.startedAt.localeCompare(right.startedAt));
  const quality = latest.find((row) => row.event.job.name === 'quality.validate' && row.runId !== runId);
  const protect = latest.find((row) => row.event.job.name === 'pii-detection.protect' && row.runId !== runId);
  return {
    runId,
    source: root ? { ...root, ...(sourceRange?.first && sourceRange.last ? { sourceRange: { first: sourceRange.first, last: sourceRange.last } } : {}) } : null,
    stages,
    qualityChecks: (quality?.event.inputs ?? []).flatMap((input) => ((input.inputFacets?.dataQualityAssertions as { assertions?: RunProvenance['qualityChecks'] } | undefined)?.assertions ?? [])),
    maskedColumns: maskedColumnsOf(protect?.event.outputs ?? []),
    maskingPolicies: maskingPoliciesOf(protect?.event.outputs ?? []),
  };
}

function stageRank(jobName: string): number {
  const index = STAGE_ORDER.indexOf(jobName);
  return index === -1 ? STAGE_ORDER.length : index;
}

function provenanceRunOf(row: LatestRunEvent): ProvenanceRun {
  const facets = row.event.run.facets;
  const errorMessage = (facets?.errorMessage as { message?: string } | undefined)?.message;
  const counts = facets?.atlas_recordCount as { recordCount?: number; deadLetteredCount?: number } | undefined;
  return {
    runId: row.runId,
    job: { namespace: row.event.job.namespace, name: row.event.job.name },
    state: row.eventType,
    recordCount: counts?.recordCount ?? null,
    ...(typeof counts?.deadLetteredCount === 'number' ? { deadLetteredCount: counts.deadLetteredCount } : {}),
    startedAt: row.firstEventAt.toISOString(),
    lastEventAt: row.lastEventAt.toISOString(),
    inputs: (row.event.inputs ?? []).map((input) => datasetOf(input, input.inputFacets, 'inputStatistics')),
    outputs: (row.event.outputs ?? []).map((output) => datasetOf(output, output.outputFacets, 'outputStatistics')),
    ...(errorMessage !== undefined ? { errorMessage } : {}),
  };
}

function datasetOf(dataset: { namespace: string; name: string }, facets: Facets, statistics: string): ProvenanceDataset {
  const rowCount = (facets?.[statistics] as { rowCount?: number } | undefined)?.rowCount;
  return { namespace: dataset.namespace, name: dataset.name, ...(rowCount !== undefined ? { rowCount } : {}) };
}

interface MaskingTransformation {
  masking?: boolean;
  policyId?: unknown;
  policyVersion?: unknown;
}

function columnLineageFieldsOf(output: { facets?: Record<string, unknown> }): Record<string, { inputFields?: Array<{ transformations?: MaskingTransformation[] }> }> {
  return (output.facets?.columnLineage as { fields?: Record<string, { inputFields?: Array<{ transformations?: MaskingTransformation[] }> }> } | undefined)?.fields ?? {};
}

function maskingPoliciesOf(outputs: ReadonlyArray<{ facets?: Record<string, unknown> }>): RunProvenance['maskingPolicies'] {
  const policies = new Map<string, RunProvenance['maskingPolicies'][number]>();
  for (const output of outputs) {
    for (const [column, lineage] of Object.entries(columnLineageFieldsOf(output))) {
      for (const transformation of (lineage.inputFields ?? []).flatMap((input) => input.transformations ?? [])) {
        const { masking, policyId, policyVersion } = transformation;
        if (masking !== true || typeof policyId !== 'string' || typeof policyVersion !== 'number') continue;
        policies.set(JSON.stringify([column, policyId, policyVersion]), { column, policyId, policyVersion });
      }
    }
  }
  return [...policies.values()].sort((left, right) => left.column.localeCompare(right.column) || left.policyId.localeCompare(right.policyId) || left.policyVersion - right.policyVersion);
}

function maskedColumnsOf(outputs: ReadonlyArray<{ facets?: Record<string, unknown> }>): string[] {
  const masked = new Set<string>();
  for (const output of outputs) {
    const fields = columnLineageFieldsOf(output);
    for (const [field, lineage] of Object.entries(fields)) {
      if (lineage.inputFields?.some((input) => input.transformations?.some((transformation) => transformation.masking === true))) masked.add(field);
    }
  }
  return [...masked].sort();
}
