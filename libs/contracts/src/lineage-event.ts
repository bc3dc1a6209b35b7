import { v5 as uuidv5 } from 'uuid';
import { contractAjv, describeErrors, PayloadValidator, ValidationResult } from './payload-validator';
import openLineageSchema from './openlineage/openlineage-2-0-2.schema.json';
import columnLineageFacetSchema from './openlineage/column-lineage-dataset-facet.schema.json';
import parentRunFacetSchema from './openlineage/parent-run-facet.schema.json';

export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
export const PARENT_RUN_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet';
export const COLUMN_LINEAGE_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet';
export const RECORD_COUNT_FACET_SCHEMA_URL = 'urn:atlas:facets:RecordCountRunFacet:1';
export const SOURCE_RANGE_FACET_SCHEMA_URL = 'urn:atlas:facets:SourceRangeRunFacet:1';
export const DATA_QUALITY_ASSERTIONS_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-0-1/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet';
export const DATA_QUALITY_METRICS_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-0-2/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet';
export const DATASOURCE_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet';
export const SCHEMA_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet';
export const INPUT_STATISTICS_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-0-0/InputStatisticsInputDatasetFacet.json#/$defs/InputStatisticsInputDatasetFacet';
export const OUTPUT_STATISTICS_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet';
export const ERROR_MESSAGE_FACET_SCHEMA_URL = 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet';
export const LINEAGE_JOB_NAMESPACE = 'atlas';

/** Jobs of the pipeline; each stage is one OpenLineage job. */
export const LINEAGE_JOBS = {
  CONNECTOR_EXPLORE: 'connector.explore',
  PII_PROTECT: 'pii-detection.protect',
  QUALITY_VALIDATE: 'quality.validate',
  /** Quarantined records judged again through the API with the current contract version. */
  QUALITY_REPLAY: 'quality.replay',
  CONNECTOR_NAVIGATE: 'connector.navigate',
} as const;

/**
 * The namespace of the jobs of one source's pipeline (`atlas.<source>`): every stage is a job of each
 * source, so the graph of one source never runs through the jobs of another.
 */
export function lineageJobNamespace(sourceId: string): string {
  return `${LINEAGE_JOB_NAMESPACE}.${sourceId}`;
}

/** The ingestion run of a source is the parent of every stage run that processes its records. */
export function ingestionJobName(sourceId: string): string {
  return `ingest.${sourceId}`;
}

export type LineageEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

export interface LineageDataset {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  /** Facets of an input only (OpenLineage InputDatasetFacet): statistics, data quality assertions and metrics. */
  inputFacets?: Record<string, unknown>;
  /** Facets of an output only (OpenLineage OutputDatasetFacet): statistics. */
  outputFacets?: Record<string, unknown>;
}

/** Where a dataset lives (DatasourceDatasetFacet 1-0-1): its namespace, which is a URI. */
export function dataSourceFacet(producer: string, namespace: string): Record<string, unknown> {
  return { _producer: producer, _schemaURL: DATASOURCE_FACET_SCHEMA_URL, name: namespace, uri: namespace };
}

/** The top-level fields of a dataset's records (SchemaDatasetFacet 1-2-0), sorted; JSON records have no fixed type per field. */
export function schemaFacet(producer: string, fieldNames: Iterable<string>): Record<string, unknown> {
  return { _producer: producer, _schemaURL: SCHEMA_FACET_SCHEMA_URL, fields: [...fieldNames].sort().map((name) => ({ name })) };
}

export function inputStatisticsFacet(producer: string, rowCount: number): Record<string, unknown> {
  return { _producer: producer, _schemaURL: INPUT_STATISTICS_FACET_SCHEMA_URL, rowCount };
}

export function outputStatisticsFacet(producer: string, rowCount: number): Record<string, unknown> {
  return { _producer: producer, _schemaURL: OUTPUT_STATISTICS_FACET_SCHEMA_URL, rowCount };
}

/** Why a run failed (ErrorMessageRunFacet 1-0-1); the message must never quote record values. */
export function errorMessageFacet(producer: string, message: string): Record<string, unknown> {
  return { _producer: producer, _schemaURL: ERROR_MESSAGE_FACET_SCHEMA_URL, message, programmingLanguage: 'TypeScript' };
}

/** One test a dataset was subjected to (OpenLineage DataQualityAssertionsDatasetFacet 1-0-1). */
export interface DataQualityAssertion {
  assertion: string;
  success: boolean;
  /** Absent when the assertion is about the whole dataset. */
  column?: string;
}

/** Input facets of a stage that tested its input: `dataQualityAssertions` and `dataQualityMetrics` (row count, null counts per column). */
export function dataQualityInputFacets(producer: string, assertions: readonly DataQualityAssertion[], rowCount: number, nullCountByColumn: ReadonlyMap<string, number>): Record<string, unknown> {
  const columnMetrics: Record<string, { nullCount: number }> = {};
  for (const [column, nullCount] of nullCountByColumn) columnMetrics[column] = { nullCount };
  return {
    dataQualityAssertions: { _producer: producer, _schemaURL: DATA_QUALITY_ASSERTIONS_FACET_SCHEMA_URL, assertions },
    dataQualityMetrics: { _producer: producer, _schemaURL: DATA_QUALITY_METRICS_FACET_SCHEMA_URL, rowCount, columnMetrics },
  };
}

export interface RunEvent {
  eventType: LineageEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: Record<string, unknown> };
  job: { namespace: string; name: string; facets?: Record<string, unknown> };
  inputs: LineageDataset[];
  outputs: LineageDataset[];
}

export interface StageRunEventInput {
  producer: string;
  jobName: string;
  runId: string;
  eventType: LineageEventType;
  eventTime: Date;
  parent?: { runId: string; jobName: string };
  inputs: LineageDataset[];
  outputs: LineageDataset[];
  recordCount: number;
  /** Records of the run the stage dead-lettered so far, and the first reason (never a value); left out when none. */
  deadLetters?: { count: number; firstReason?: string };
  /** Where the run's first and last records were read in their source (SourcePosition.location). */
  sourceRange?: { first: string; last: string };
  /** The failure of a FAIL event (errorMessage facet). */
  errorMessage?: string;
  /** The namespace of the job and its parent; LINEAGE_JOB_NAMESPACE by default. */
  jobNamespace?: string;
}

/** The protection policy version that masked a column (a transformation's `policyId`/`policyVersion`). */
export interface ColumnMaskingPolicy {
  policyId: string;
  policyVersion: number;
}

/**
 * Column lineage of an output dataset: each field comes directly from the same field of the input;
 * fields whose values the stage masked say `masking: true` (OpenLineage 1-2-0 transformations), one
 * transformation per policy version that masked them, named by `policyId` and `policyVersion` (the
 * spec lets a transformation carry more properties).
 */
export function columnLineageFacet(
  producer: string,
  input: LineageDataset,
  maskedByField: ReadonlyMap<string, boolean>,
  policiesByField: ReadonlyMap<string, readonly ColumnMaskingPolicy[]> = new Map(),
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, masked] of [...maskedByField.entries()].sort(([left], [right]) => left.localeCompare(right))) {
    const policies = policiesByField.get(field) ?? [];
    const transformations = !masked
      ? [{ type: 'DIRECT', subtype: 'IDENTITY', masking: false }]
      : policies.length === 0
        ? [{ type: 'DIRECT', subtype: 'TRANSFORMATION', description: 'personal data protected by policy', masking: true }]
        : policies.map((policy) => ({
            type: 'DIRECT',
            subtype: 'TRANSFORMATION',
            description: `personal data protected by policy ${policy.policyId} version ${policy.policyVersion}`,
            masking: true,
            policyId: policy.policyId,
            policyVersion: policy.policyVersion,
          }));
    fields[field] = { inputFields: [{ namespace: input.namespace, name: input.name, field, transformations }] };
  }
  return { _producer: producer, _schemaURL: COLUMN_LINEAGE_FACET_SCHEMA_URL, fields };
}

const STAGE_RUN_NAMESPACE = '6f1c1b1e-6a55-4a8e-9d43-2f8f1c7c2b10';

/**
 * A stage processes records in batches; its run id is derived from the job and the records it
 * handled, so a batch redelivered after a crash maps to the same run and is stored once.
 */
export function stageRunId(jobName: string, recordIds: readonly string[]): string {
  return uuidv5(`${jobName}:${[...recordIds].sort().join(',')}`, STAGE_RUN_NAMESPACE);
}

export function buildRunEvent(input: StageRunEventInput): RunEvent {
  const runFacets: Record<string, unknown> = {
    atlas_recordCount: {
      _producer: input.producer,
      _schemaURL: RECORD_COUNT_FACET_SCHEMA_URL,
      recordCount: input.recordCount,
      ...(input.deadLetters && input.deadLetters.count > 0
        ? { deadLetteredCount: input.deadLetters.count, ...(input.deadLetters.firstReason !== undefined ? { firstDeadLetterReason: input.deadLetters.firstReason } : {}) }
        : {}),
    },
  };
  if (input.sourceRange) {
    runFacets.atlas_sourceRange = { _producer: input.producer, _schemaURL: SOURCE_RANGE_FACET_SCHEMA_URL, ...input.sourceRange };
  }
  if (input.errorMessage !== undefined) runFacets.errorMessage = errorMessageFacet(input.producer, input.errorMessage);
  if (input.parent) {
    runFacets.parent = {
      _producer: input.producer,
      _schemaURL: PARENT_RUN_FACET_SCHEMA_URL,
      run: { runId: input.parent.runId },
      job: { namespace: input.jobNamespace ?? LINEAGE_JOB_NAMESPACE, name: input.parent.jobName },
    };
  }
  return {
    eventType: input.eventType,
    eventTime: input.eventTime.toISOString(),
    producer: input.producer,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
    run: { runId: input.runId, facets: runFacets },
    job: { namespace: input.jobNamespace ?? LINEAGE_JOB_NAMESPACE, name: input.jobName },
    inputs: input.inputs,
    outputs: input.outputs,
  };
}

contractAjv.addSchema(openLineageSchema);
contractAjv.addSchema(parentRunFacetSchema);
contractAjv.addSchema(columnLineageFacetSchema);
const validateOpenLineageRunEvent = contractAjv.getSchema(OPENLINEAGE_SCHEMA_URL)!;
const validateParentRunFacet = contractAjv.getSchema(PARENT_RUN_FACET_SCHEMA_URL)!;
const validateColumnLineageFacet = contractAjv.getSchema(COLUMN_LINEAGE_FACET_SCHEMA_URL)!;

/** Validates against the official OpenLineage 2-0-2 RunEvent schema and the parent facet schema. */
export const runEventValidator: PayloadValidator<RunEvent> = {
  validate(value: unknown): ValidationResult<RunEvent> {
    if (!validateOpenLineageRunEvent(value)) {
      return { valid: false, reason: `not an OpenLineage RunEvent: ${describeErrors(validateOpenLineageRunEvent.errors)}` };
    }
    const event = value as RunEvent;
    if (typeof event.eventType !== 'string' || !event.run?.runId || !event.job?.name) {
      return { valid: false, reason: 'RunEvent must carry eventType, run.runId and job.name' };
    }
    const parent = event.run.facets?.parent;
    if (parent !== undefined && !validateParentRunFacet(parent)) {
      return { valid: false, reason: `invalid parent run facet: ${describeErrors(validateParentRunFacet.errors)}` };
    }
    for (const output of event.outputs ?? []) {
      const columnLineage = output.facets?.columnLineage;
      if (columnLineage !== undefined && !validateColumnLineageFacet(columnLineage)) {
        return { valid: false, reason: `invalid columnLineage facet of ${output.name}: ${describeErrors(validateColumnLineageFacet.errors)}` };
      }
    }
    return { valid: true, value: event };
  },
};
