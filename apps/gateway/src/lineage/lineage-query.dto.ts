import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { SOURCE_ID_PATTERN } from '@atlas/contracts';

export class LineageRunParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'runId must be a UUID' })
  runId: string;
}

/** The lineage service's own bounds for a catalog path, checked here first so a bad request never leaves the gateway. */
export class LineageNamespaceParams {
  @ApiProperty({ description: 'URL-encoded, e.g. kafka%3A%2F%2Flocalhost%3A9092' })
  @IsString()
  @MaxLength(4096, { message: 'namespace must be at most 4096 characters' })
  namespace: string;
}

export class LineageDatasetParams extends LineageNamespaceParams {
  @ApiProperty({ description: 'URL-encoded dataset name' })
  @IsString()
  @MaxLength(4096, { message: 'dataset must be at most 4096 characters' })
  dataset: string;
}

export class LineageJobParams extends LineageNamespaceParams {
  @ApiProperty({ description: 'URL-encoded job name' })
  @IsString()
  @MaxLength(4096, { message: 'job must be at most 4096 characters' })
  job: string;
}

export class LineageRecordParams {
  @ApiProperty({ format: 'uuid', description: 'The atlas record id of a Navigate row (recordId of a row in GET /api/v1/datasets/{datasetId}/rows)' })
  @IsUUID('all', { message: 'recordId must be a UUID' })
  recordId: string;
}

/** The connector's own bounds for a row by dataset and business key, checked here first. */
export class LineageRowKeyQuery {
  @ApiProperty({ example: 'people', pattern: SOURCE_ID_PATTERN, description: 'The typed dataset (its source id)' })
  @Matches(new RegExp(SOURCE_ID_PATTERN), { message: 'datasetId must be 1-63 lowercase letters, digits, "_" or "-"' })
  datasetId: string;

  @ApiProperty({ type: [String], description: "The row's key values as text, one `key` per column of the dataset's primary key, in its order (the record id when it has none)" })
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @IsString({ each: true })
  @MaxLength(2048, { each: true })
  key: string[];
}

/** A Navigate row's provenance (see RecordProvenance in record-provenance.ts). */
export class RecordProvenanceResponse {
  @ApiProperty({ format: 'uuid' })
  recordId: string;

  @ApiProperty({ example: 'people' })
  sourceId: string;

  @ApiProperty({ format: 'uuid', description: 'The ingestion run that brought the record' })
  runId: string;

  @ApiProperty({ description: 'Its index in the run, and where it was read in its source (kafka:<topic>/<partition>/<offset>, file:<path>:<line>; null for a REST push)', example: { index: 3, location: 'file:people.csv:5' } })
  position: { index: number; location: string | null };

  @ApiProperty({ description: 'The protection policy version that masked it, and the columns that version masked in the run', example: { policyId: 'default', policyVersion: 1, maskedColumns: ['email'] } })
  protection: { policyId: string; policyVersion: number; maskedColumns: string[] };

  @ApiProperty({
    description:
      "The contract version that checked it and that version's record checks for its source: every `fail` check passed (else it would be quarantined); " +
      'a `warn` check passed when no record of the run failed it, else null (results are kept per run, not per record). checks is null when quality does not know the version.',
    example: { contractId: 'people', contractVersion: '1.0.0', checks: [{ checkId: 'people.email.not_null', name: 'email is present', field: 'email', level: 'fail', passed: true }] },
  })
  contract: { contractId: string; contractVersion: string; checks: Array<{ checkId: string; name: string; field: string; level: string; passed: boolean | null }> | null };

  @ApiProperty({ nullable: true, type: String, description: 'W3C trace id of the trace that carried it through the pipeline' })
  traceId: string | null;

  @ApiProperty({ format: 'date-time', description: 'When its Navigate row was written' })
  writtenAt: string;

  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true, description: "The source's run (root run: job, state, record count, first and last source location), null when lineage has not heard of it" })
  source: Record<string, unknown> | null;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: "Each stage's run of the ingestion run: run id, job, state, counts, datasets with row counts, error" })
  stages: Array<Record<string, unknown>>;
}
